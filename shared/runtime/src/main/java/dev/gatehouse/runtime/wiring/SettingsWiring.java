package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.limits.Quotas;
import dev.gatehouse.service.settings.SettingsService;
import java.time.Clock;
import java.time.Duration;

/** The project's settings, cached per container for a short window, and the quotas they set. */
public final class SettingsWiring {
  private final Lazy<SettingsService> service;
  private final Lazy<Quotas> quotas;

  public SettingsWiring(StoreWiring store, Clock clock, Duration cacheWindow) {
    this.service = Lazy.of(() -> new SettingsService(store.settings(), clock, cacheWindow));
    this.quotas = Lazy.of(() -> new Quotas(store.rateCounter(), service.get(), clock));
  }

  public SettingsService service() {
    return service.get();
  }

  /** The per-tenant quotas the settings set, counted in the store. */
  public Quotas quotas() {
    return quotas.get();
  }

  public void prime() {
    service.get();
  }

  /** After a restore the cached copy may be days old: the next read loads it afresh. */
  public void afterRestore() {
    service.ifBuilt(SettingsService::forget);
  }

  /** Loads the settings, which also opens the connection to the store. */
  public void reload() {
    service.get().get();
  }
}
