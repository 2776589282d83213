package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The behaviour every {@link SettingsRepository} backend must show; extended once per backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
public abstract class SettingsRepositoryContract {
  protected SettingsRepository settings;
  private StoreBackend backend;

  /** The backend under test: a new one for this class, never written before. */
  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    settings = backend.open(Clock.systemUTC()).settings();
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aStoreNeverWrittenHasTheDefaults() {
    assertEquals(Settings.DEFAULTS, settings.get());
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void settingsRoundTripAndAreReplacedWhole() {
    Settings on = new Settings(true, Optional.of(Instant.parse("2026-07-07T00:00:00.123Z")));
    assertEquals(on, settings.put(on));
    assertEquals(on, settings.get());
    Settings off = new Settings(false, Optional.of(Instant.parse("2026-07-08T00:00:00Z")));
    settings.put(off);
    assertEquals(off, settings.get());
    Settings unstamped = new Settings(true, Optional.empty());
    settings.put(unstamped);
    assertEquals(unstamped, settings.get(), "an empty updatedAt is stored as empty, not as the previous one");
  }
}
