package dev.gatehouse.store;

/** The application's settings: one item. */
public interface SettingsRepository {
  /** The settings (defaults when never written). One strongly consistent GetItem. */
  Settings get();

  /** Replaces the settings. One PutItem. */
  Settings put(Settings settings);

  /**
   * Replaces the settings only if they are still {@code expected} (compared by {@code updatedAt}):
   * a read-change-write that never loses a concurrent change. One conditional PutItem.
   *
   * @return false, writing nothing, when they changed since {@code expected} was read
   */
  boolean replace(Settings expected, Settings settings);
}
