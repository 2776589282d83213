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

  @Test
  @org.junit.jupiter.api.Order(3)
  void rateLimitsRoundTripAndEmptyMeansNone() {
    Settings limited = new Settings(true, new RateLimits(Optional.of(60), Optional.empty()),
        Optional.of(Instant.parse("2026-07-09T00:00:00Z")));
    settings.put(limited);
    assertEquals(limited, settings.get());
    Settings both = new Settings(false, new RateLimits(Optional.of(1), Optional.of(RateLimits.MAX_PER_MINUTE)),
        Optional.of(Instant.parse("2026-07-09T00:00:01Z")));
    settings.put(both);
    assertEquals(both, settings.get());
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void aReplaceWritesOnlyOverTheSettingsItWasBasedOn() {
    Settings read = settings.get();
    Settings first = new Settings(true, read.rateLimits(), Optional.of(Instant.parse("2026-07-10T00:00:00Z")));
    Settings second = new Settings(false, read.rateLimits(), Optional.of(Instant.parse("2026-07-10T00:00:01Z")));
    org.junit.jupiter.api.Assertions.assertTrue(settings.replace(read, first));
    org.junit.jupiter.api.Assertions.assertFalse(settings.replace(read, second), "based on settings that changed since");
    assertEquals(first, settings.get(), "the losing replace wrote nothing");
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void ofConcurrentReplacesOfOneVersionExactlyOneWins() throws Exception {
    backend.requireAtomicConcurrentWrites(); // moto's conditional writes race (seen: 2 of 8 won under load)
    Settings read = settings.get();
    int writers = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> outcomes = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Settings mine = new Settings(i % 2 == 0, new RateLimits(Optional.of(i + 1), Optional.empty()),
            Optional.of(Instant.parse("2026-07-11T00:00:00Z").plusMillis(i)));
        outcomes.add(pool.submit(() -> settings.replace(read, mine)));
      }
      int won = 0;
      for (var outcome : outcomes) {
        won += outcome.get() ? 1 : 0;
      }
      assertEquals(1, won, "one replace of the version read wins, the others write nothing");
    } finally {
      pool.shutdownNow();
    }
  }
}
