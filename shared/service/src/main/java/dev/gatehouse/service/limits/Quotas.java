package dev.gatehouse.service.limits;

import dev.gatehouse.access.Caller;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.RateLimitedException;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.RateCounter;
import dev.gatehouse.store.RateLimits.Bucket;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-tenant quotas of the client routes (settings {@code rateLimits}): a fixed window of one
 * minute per tenant and bucket, counted in the store so every container shares it. A request is
 * charged only once it is allowed, so one tenant's users can never spend another tenant's quota
 * with requests that would be refused anyway; and only the tenants it acts in are charged, so no
 * answer depends on another tenant's traffic.
 */
public final class Quotas {
  private static final Quotas NONE = new Quotas(null, null, Clock.systemUTC());

  private final RateCounter counter;
  private final SettingsService settings;
  private final Clock clock;

  public Quotas(RateCounter counter, SettingsService settings, Clock clock) {
    this.counter = counter;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Counts one request in each of {@code tenants} against its quota of {@code bucket}.
   *
   * @throws RateLimitedException {@code RATE_LIMITED}, with the seconds until the minute ends,
   *     when a tenant's quota is spent (tenants before it in name order have been charged)
   */
  public void charge(Set<TenantId> tenants, Bucket bucket) {
    if (this == NONE) {
      return;
    }
    // The settings as cached (a few seconds): a changed quota applies within the cache time.
    Optional<Integer> limit = settings.current().rateLimits().limit(bucket);
    if (limit.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    long window = Math.floorDiv(now.getEpochSecond(), 60);
    Set<TenantId> ordered = new TreeSet<>(java.util.Comparator.comparing(TenantId::value));
    ordered.addAll(tenants);
    for (TenantId tenant : ordered) {
      if (!counter.tryAcquire(tenant, bucket, window, limit.get())) {
        int retryAfter = (int) (60 - Math.floorMod(now.getEpochSecond(), 60));
        throw new RateLimitedException(ErrorCode.RATE_LIMITED,
            "Tenant \"" + tenant.value() + "\" has used its " + limit.get() + " " + describe(bucket) + " for this minute.",
            "Retry after " + retryAfter + " s (the retry-after header); the operator sets the quota in the settings' rateLimits.",
            retryAfter);
      }
    }
  }

  /**
   * The tenants a client request acts in: the one its token names; else, in multi-tenant mode,
   * the caller's teams (the default tenant for a caller without one); else the default tenant.
   */
  public static Set<TenantId> actingIn(Caller caller) {
    Optional<TenantId> named = caller.principal().tokenTenant();
    if (named.isPresent()) {
      return Set.of(named.get());
    }
    return caller.mode() == MultiTenantMode.ON ? Set.copyOf(caller.principal().teamsOrDefault()) : Set.of(TenantId.DEFAULT);
  }

  private static String describe(Bucket bucket) {
    return switch (bucket) {
      case CLIENT_ROOM_CREATES -> "client room creations";
      case CLIENT_QUERIES -> "client queries";
    };
  }

  /** No quota at all, whatever the settings say: for tests of other behaviour, and embedders that do not count. */
  public static Quotas none() {
    return NONE;
  }
}
