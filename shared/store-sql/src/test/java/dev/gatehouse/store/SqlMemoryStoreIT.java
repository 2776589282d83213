package dev.gatehouse.store;

import org.junit.jupiter.api.Nested;

/** Every repository contract on the embedded SQL store, in memory. */
class SqlMemoryStoreIT {
  @Nested
  class Rooms extends RoomRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Users extends UserRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class SettingsRow extends SettingsRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Counters extends RateCounterContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Revocations extends RevocationContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Changes extends ChangeLogContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Webhooks extends WebhookContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Groups extends GroupContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }

  @Nested
  class Ledger extends EventLedgerContract {
    @Override
    protected StoreBackend backend() {
      return SqlBackend.memory();
    }
  }
}
