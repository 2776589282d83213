package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.settings.SettingsService;
import java.time.Clock;
import java.time.Duration;

/** The project's settings, cached per container for a short window. */
public final class SettingsWiring {
  private final Lazy<SettingsService> service;

  public SettingsWiring(StoreWiring store, Clock clock, Duration cacheWindow) {
    this.service = Lazy.of(() -> new SettingsService(store.settings(), clock, cacheWindow));
  }

  public SettingsService service() {
    return service.get();
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
