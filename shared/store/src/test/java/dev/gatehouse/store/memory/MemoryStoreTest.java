package dev.gatehouse.store.memory;

import dev.gatehouse.store.EventLedgerContract;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.RoomRepositoryContract;
import dev.gatehouse.store.RateCounterContract;
import dev.gatehouse.store.SettingsRepositoryContract;
import dev.gatehouse.store.StoreBackend;
import dev.gatehouse.store.UserRepositoryContract;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/** The in-memory fake held to every repository contract the real stores pass. */
class MemoryStoreTest {
  static final StoreBackend MEMORY = new StoreBackend() {
    @Override
    public Repositories open(Clock clock) {
      return MemoryStore.open(clock);
    }

    @Override
    public String name() {
      return "in-memory fake";
    }
  };

  @Nested
  class Rooms extends RoomRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Users extends UserRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class SettingsRow extends SettingsRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Counters extends RateCounterContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Revocations extends dev.gatehouse.store.RevocationContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Changes extends dev.gatehouse.store.ChangeLogContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Webhooks extends dev.gatehouse.store.WebhookContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Groups extends dev.gatehouse.store.GroupContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }

  @Nested
  class Ledger extends EventLedgerContract {
    @Override
    protected StoreBackend backend() {
      return MEMORY;
    }
  }
}
