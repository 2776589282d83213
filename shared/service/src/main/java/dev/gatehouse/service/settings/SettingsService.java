package dev.gatehouse.service.settings;

import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The application settings. Decisions read them through {@link #mode()}, cached per container for
 * a few seconds (one GetItem at most that often); a write through this service is seen at once
 * by this container, and by others within the cache time.
 */
public final class SettingsService {
  /** The outcome of a change: the settings, and a warning when team checks were switched off. */
  public record Change(Settings settings, Optional<String> warning) {}

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

  /** The multi-tenant switch, from the cache. */
  public MultiTenantMode mode() {
    Instant now = clock.instant();
    Settings settings = cached;
    if (settings == null || now.isAfter(cachedAt.plus(cacheFor))) {
      settings = get();
    }
    return settings.mode();
  }

  /** Forgets the cached settings: the next decision reads them again (after a SnapStart restore). */
  public void forget() {
    cached = null;
    cachedAt = Instant.MIN;
  }

  /** Turns multi-tenant mode on or off; turning it off answers with a warning. */
  public Change setMultiTenant(boolean enabled) {
    Settings after = repository.put(new Settings(enabled, Optional.of(clock.instant())));
    remember(after);
    Optional<String> warning = !enabled
        ? Optional.of("Multi-tenant mode is off: team checks stop, so users reach rooms and users of every team their tokens' "
            + "tenant allows. Turn it back on unless that is what you want.")
        : Optional.empty();
    return new Change(after, warning);
  }

  private void remember(Settings settings) {
    cached = settings;
    cachedAt = clock.instant();
  }
}
