package dev.gatehouse.service.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.RateLimitedException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.RateLimits.Bucket;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.memory.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-tenant quotas on the in-memory store: counted per tenant and minute, refused with the seconds left. */
class QuotasTest {
  private static final Instant AT = Instant.parse("2026-12-01T12:00:45Z");
  private final Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
  private final Repositories store = MemoryStore.open(clock);
  private final SettingsService settings = new SettingsService(store.settings(), clock, Duration.ZERO);
  private final Quotas quotas = new Quotas(store.rateCounter(), settings, clock);
  private final TenantId acme = new TenantId("acme");
  private final TenantId globex = new TenantId("globex");

  private void limitQueries(int perMinute) {
    settings.update(new SettingsService.Update(Optional.empty(), Map.of(Bucket.CLIENT_QUERIES, Optional.of(perMinute))));
  }

  @Test
  void withoutAQuotaNothingIsCountedOrRefused() {
    for (int i = 0; i < 1000; i++) {
      quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES);
    }
  }

  @Test
  void aSpentQuotaIsRefusedWithTheSecondsLeftInTheMinute() {
    limitQueries(2);
    quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES);
    quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES);
    RateLimitedException refused = assertThrows(RateLimitedException.class, () -> quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES));
    assertEquals(ErrorCode.RATE_LIMITED, refused.errorCode());
    assertEquals(15, refused.retryAfterSeconds(), "12:00:45 -> the next minute in 15 s");
    quotas.charge(Set.of(acme), Bucket.CLIENT_ROOM_CREATES);
  }

  @Test
  void oneTenantSpendingItsQuotaLeavesAnotherUntouched() {
    limitQueries(1);
    quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES);
    assertThrows(RateLimitedException.class, () -> quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES));
    quotas.charge(Set.of(globex), Bucket.CLIENT_QUERIES);
  }

  @Test
  void aChangedQuotaAppliesToTheCurrentMinute() {
    limitQueries(1);
    quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES);
    assertThrows(RateLimitedException.class, () -> quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES));
    settings.update(new SettingsService.Update(Optional.empty(), Map.of(Bucket.CLIENT_QUERIES, Optional.empty())));
    quotas.charge(Set.of(acme), Bucket.CLIENT_QUERIES);
  }

  @Test
  void concurrentChangesOfDifferentSettingsBothLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> mode = pool.submit(() -> settings.setMultiTenant(true));
      Future<?> quota = pool.submit(() -> limitQueries(7));
      mode.get();
      quota.get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(true, store.settings().get().multiTenantEnabled());
    assertEquals(Optional.of(7), store.settings().get().rateLimits().clientQueriesPerMinute());
  }
}
