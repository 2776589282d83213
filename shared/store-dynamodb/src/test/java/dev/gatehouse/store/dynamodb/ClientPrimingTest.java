package dev.gatehouse.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ClientPrimingTest {
  @Test
  void drivesEveryKindOfCallThroughTheSdkWithoutANetwork() {
    // Reads by key, a listing (index Query, then BatchGetItem for the hit), a room created,
    // updated and deleted, a user written, the settings and the event ledger: all in memory.
    assertEquals(new TreeSet<>(Set.of("GetItem", "Query", "BatchGetItem", "TransactWriteItems", "PutItem",
        "BatchWriteItem")), ClientPriming.run());
  }
}
