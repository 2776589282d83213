package dev.gatehouse.service.settings;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.service.revocation.Cutoff;
import dev.gatehouse.store.RateLimits;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The application settings. Decisions read them through {@link #mode()}, cached per container for
 * a few seconds (one GetItem at most that often); a write through this service is seen at once
 * by this container, and by others within the cache time.
 */
public final class SettingsService {
  /** The outcome of a change: the settings, and a warning when team checks were switched off. */
  public record Change(Settings settings, Optional<String> warning) {}

  private static final int MAX_ATTEMPTS = 5;

  private final SettingsRepository repository;
  private final Clock clock;
  private final Duration cacheFor;
  private volatile Settings cached;
  private volatile Instant cachedAt = Instant.MIN;

  public SettingsService(SettingsRepository repository, Clock clock, Duration cacheFor) {
    this.repository = repository;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** The settings as stored (uncached). */
  public Settings get() {
    Settings settings = repository.get();
    remember(settings);
    return settings;
  }

  /** The settings from the cache (read again once it is older than the cache time). */
  public Settings current() {
    Instant now = clock.instant();
    Settings settings = cached;
    if (settings == null || now.isAfter(cachedAt.plus(cacheFor))) {
      settings = get();
    }
    return settings;
  }

  /** The multi-tenant switch, from the cache. */
  public MultiTenantMode mode() {
    return current().mode();
  }

  /**
   * The multi-tenant switch as last seen, however long ago, to plan an access check's read by: the
   * read brings the current settings ({@link #observe}), and a plan they prove wrong is read again.
   * Reads them only when nothing was seen yet (the first check after a start or a restore): one
   * small GetItem, cheaper than a check's whole read planned wrong.
   */
  public MultiTenantMode plannedMode() {
    Settings settings = cached;
    return (settings == null ? get() : settings).mode();
  }

  /** Settings read strongly elsewhere (with an access check's facts): the newest seen. */
  public void observe(Settings settings) {
    remember(settings);
  }

  /** Forgets the cached settings: the next decision reads them again (after a SnapStart restore). */
  public void forget() {
    cached = null;
    cachedAt = Instant.MIN;
  }

  /** A change of some settings; what it leaves out stays as it is. */
  public record Update(Optional<Boolean> multiTenantEnabled, Map<RateLimits.Bucket, Optional<Integer>> rateLimits,
      Optional<Cutoff> revokeTokensIssuedBefore) {
    public Update {
      rateLimits = Map.copyOf(rateLimits);
    }

    public Update(Optional<Boolean> multiTenantEnabled, Map<RateLimits.Bucket, Optional<Integer>> rateLimits) {
      this(multiTenantEnabled, rateLimits, Optional.empty());
    }

    public boolean isEmpty() {
      return multiTenantEnabled.isEmpty() && rateLimits.isEmpty() && revokeTokensIssuedBefore.isEmpty();
    }
  }

  /** Turns multi-tenant mode on or off; turning it off answers with a warning. */
  public Change setMultiTenant(boolean enabled) {
    return update(new Update(Optional.of(enabled), Map.of()));
  }

  /**
   * Applies a change to the settings as stored, by a conditional write: two concurrent changes
   * (one switching multi-tenant mode, one setting a quota) both land, neither is lost.
   *
   * @throws ConflictException {@code CONCURRENT_UPDATE} when the settings kept changing under it
   */
  public Change update(Update update) {
    // Resolved once, before any write: a cutoff in the future writes nothing, and "now" is the request's.
    Optional<Optional<Instant>> cutoff = update.revokeTokensIssuedBefore()
        .map(c -> c.resolve(clock.instant(), "revokeTokensIssuedBefore"));
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Settings before = repository.get();
      RateLimits limits = before.rateLimits();
      Optional<Integer> creates = update.rateLimits().getOrDefault(RateLimits.Bucket.CLIENT_ROOM_CREATES, limits.clientRoomCreatesPerMinute());
      Optional<Integer> queries = update.rateLimits().getOrDefault(RateLimits.Bucket.CLIENT_QUERIES, limits.clientQueriesPerMinute());
      Settings after = new Settings(update.multiTenantEnabled().orElse(before.multiTenantEnabled()), new RateLimits(creates, queries),
          cutoff.orElse(before.revokeTokensIssuedBefore()), Optional.of(stampAfter(before.updatedAt())));
      if (repository.replace(before, after)) {
        remember(after);
        Optional<String> warning = update.multiTenantEnabled().equals(Optional.of(false))
            ? Optional.of("Multi-tenant mode is off: team checks stop, so users reach rooms and users of every team their tokens' "
                + "tenant allows. Turn it back on unless that is what you want.")
            : Optional.empty();
        return new Change(after, warning);
      }
    }
    throw new ConflictException(ErrorCode.CONCURRENT_UPDATE, "The settings changed too often while this request tried to change them.",
        "Retry the request.");
  }

  /** Now, to the millisecond the store keeps, and always after the previous stamp: each version is told apart by it. */
  private Instant stampAfter(Optional<Instant> previous) {
    Instant now = Instant.ofEpochMilli(clock.instant().toEpochMilli());
    return previous.filter(p -> !now.isAfter(p)).map(p -> Instant.ofEpochMilli(p.toEpochMilli() + 1)).orElse(now);
  }

  private void remember(Settings settings) {
    cached = settings;
    cachedAt = clock.instant();
  }
}
