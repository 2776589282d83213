package dev.gatehouse.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientPrimingTest {
  @Test
  void drivesEveryKindOfCallThroughTheSdkWithoutANetwork() {
    // find (GetItem); list (a Query per member key, user and group, then one BatchGetItem for
    // the hit); create (TransactWriteItems); a user's and the settings' GetItem: all in memory.
    assertEquals(7, ClientPriming.run());
  }
}
