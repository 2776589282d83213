package dev.gatehouse.store;

/** The application's settings: one item. */
public interface SettingsRepository {
  /** The settings (defaults when never written). One strongly consistent GetItem. */
  Settings get();

  /** Replaces the settings. One PutItem. */
  Settings put(Settings settings);
}
