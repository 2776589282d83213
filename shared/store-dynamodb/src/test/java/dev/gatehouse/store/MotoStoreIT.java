package dev.gatehouse.store;

import dev.gatehouse.testing.MotoServer;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * Every repository contract on the DynamoDB store, on moto in server mode (started once for this
 * JVM on a free loopback port, stopped by its pid). Without moto this fails, naming it.
 */
class MotoStoreIT {
  /**
   * Seen with moto 5.2.1: racing writers got HTTP 500 from TransactWriteItems, whose rollback copy
   * (copy.deepcopy of the table) is taken while other requests write the table.
   */
  static final String MOTO_RACE = "moto's TransactWriteItems is not atomic under concurrent requests: it deep-copies"
      + " the table for its rollback while other requests write it (HTTP 500, 'dictionary changed size during"
      + " iteration'), and a rollback restores that copy over their writes. The race tests run on the SQL store,"
      + " and on LocalStack where Docker exists.";

  private static StoreBackend moto(String what) {
    return new DynamoDbBackend("DynamoDB on moto", MotoServer::client, MotoServer.uniqueTableName(what), Optional.of(MOTO_RACE));
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
  class Counters extends RateCounterContract {
    @Override
    protected StoreBackend backend() {
      return moto("rate-counters");
    }

    @Override
    protected java.util.Optional<String> cannotShowAtomicWrites() {
      // Seen here: 26 of 80 concurrent calls admitted under a limit of 25. moto's server handles
      // requests on threads and checks an UpdateItem's condition without locking the item, which
      // DynamoDB does atomically per item; the embedded store and the in-memory fake show it.
      return java.util.Optional.of("moto evaluates UpdateItem conditions without item locks across its request threads");
    }
  }

  @Nested
  class Revocations extends RevocationContract {
    @Override
    protected StoreBackend backend() {
      return moto("revocations");
    }
  }

  @Nested
  class Changes extends ChangeLogContract {
    @Override
    protected StoreBackend backend() {
      return moto("changes");
    }
  }

  @Nested
  class Webhooks extends WebhookContract {
    @Override
    protected StoreBackend backend() {
      return moto("webhooks");
    }
  }

  @Nested
  class Groups extends GroupContract {
    @Override
    protected StoreBackend backend() {
      return moto("groups");
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
