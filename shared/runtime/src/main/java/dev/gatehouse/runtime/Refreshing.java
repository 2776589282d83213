package dev.gatehouse.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A value loaded from a remote source (Secrets Manager) and reloaded when older than a time to
 * live, so that a rotated secret reaches warm containers. If a reload fails the last good value
 * stays in use; the first load's failure propagates.
 */
public final class Refreshing<T> implements Supplier<T> {
  private final Supplier<T> loader;
  private final Duration ttl;
  private final Clock clock;
  private volatile T value;
  private volatile Instant loadedAt = Instant.MIN;

  public Refreshing(Supplier<T> loader, Duration ttl, Clock clock) {
    this.loader = loader;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public T get() {
    Instant now = clock.instant();
    if (value != null && now.isBefore(loadedAt.plus(ttl))) {
      return value;
    }
    synchronized (this) {
      if (value != null && now.isBefore(loadedAt.plus(ttl))) {
        return value;
      }
      try {
        value = loader.get();
        loadedAt = now;
      } catch (RuntimeException e) {
        if (value == null) {
          throw e;
        }
        System.err.println("gatehouse: reloading a secret failed, keeping the previous value: " + e.getClass().getSimpleName());
        loadedAt = now; // try again after another ttl, not on every request
      }
      return value;
    }
  }

  /** Forgets the value, so the next use loads it again (after a SnapStart restore). */
  public void invalidate() {
    loadedAt = Instant.MIN;
  }

  /**
   * Forgets the value if it was loaded longer ago than {@code age}: a reload on demand (a token
   * naming a key this container has not seen) that cannot turn into a reload per request.
   *
   * @return whether it was forgotten (the next use loads it again)
   */
  public boolean invalidateIfOlderThan(Duration age) {
    if (clock.instant().isAfter(loadedAt.plus(age))) {
      loadedAt = Instant.MIN;
      return true;
    }
    return false;
  }
}
