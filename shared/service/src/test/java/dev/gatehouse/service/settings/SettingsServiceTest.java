package dev.gatehouse.service.settings;

import dev.gatehouse.store.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.store.SettingsRepository;
import dev.gatehouse.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The settings on the in-memory store, as two containers see them: a write is seen at once by
 * the container that made it, by another within the cache time, and at once after a restore.
 */
class SettingsServiceTest {
  private static final Duration CACHE = Duration.ofSeconds(5);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final SettingsRepository repository = MemoryStore.open(clock).settings();
  private final SettingsService here = new SettingsService(repository, clock, CACHE);
  private final SettingsService elsewhere = new SettingsService(repository, clock, CACHE);

  @Test
  void multiTenantModeIsOffUntilTurnedOn() {
    assertEquals(MultiTenantMode.OFF, here.mode());
    assertFalse(here.get().multiTenantEnabled());
    assertTrue(here.get().updatedAt().isEmpty(), "never written");
  }

  @Test
  void aWriteIsSeenAtOnceHereAndWithinTheCacheTimeElsewhere() {
    assertEquals(MultiTenantMode.OFF, elsewhere.mode()); // cached there now
    SettingsService.Change change = here.setMultiTenant(true);
    assertTrue(change.warning().isEmpty());
    assertEquals(clock.instant(), change.settings().updatedAt().orElseThrow());
    assertEquals(MultiTenantMode.ON, here.mode());
    assertEquals(MultiTenantMode.OFF, elsewhere.mode(), "still within the other container's cache time");
    clock.advance(CACHE);
    assertEquals(MultiTenantMode.OFF, elsewhere.mode(), "the cache time is inclusive");
    clock.advance(Duration.ofMillis(1));
    assertEquals(MultiTenantMode.ON, elsewhere.mode());
  }

  @Test
  void afterARestoreTheSettingsAreReadAgainAtOnce() {
    assertEquals(MultiTenantMode.OFF, elsewhere.mode());
    here.setMultiTenant(true);
    elsewhere.forget();
    assertEquals(MultiTenantMode.ON, elsewhere.mode());
  }

  @Test
  void turningTheModeOffWarnsWhatStops() {
    here.setMultiTenant(true);
    SettingsService.Change off = here.setMultiTenant(false);
    assertTrue(off.warning().orElseThrow().contains("team checks stop"), off.warning().orElseThrow());
    assertEquals(MultiTenantMode.OFF, here.mode());
    assertFalse(repository.get().multiTenantEnabled(), "written to the store, not only cached");
  }
}
