package dev.gatehouse.store;

import dev.gatehouse.testing.MotoServer;
import org.junit.jupiter.api.Nested;

/**
 * Every repository contract on the DynamoDB store, on moto in server mode (started once for this
 * JVM on a free loopback port, stopped by its pid). Without moto this fails, naming it.
 */
class MotoStoreIT {
  private static StoreBackend moto(String what) {
    return new DynamoDbBackend("DynamoDB on moto", MotoServer::client, MotoServer.uniqueTableName(what));
  }

  @Nested
  class Rooms extends RoomRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return moto("rooms");
    }
  }

  @Nested
  class Users extends UserRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return moto("users");
    }
  }

  @Nested
  class SettingsItem extends SettingsRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return moto("settings");
    }
  }

  @Nested
  class Ledger extends EventLedgerContract {
    @Override
    protected StoreBackend backend() {
      return moto("ledger");
    }
  }
}
