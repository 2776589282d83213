package dev.gatehouse.store;

import java.time.Clock;

/**
 * One backend the contract suites run on: a store of its own for one test class (its own table,
 * database file or memory), opened before the class and closed after it.
 */
public interface StoreBackend {
  /** A fresh store whose time-dependent parts (the event ledger's expiry) read {@code clock}. */
  Repositories open(Clock clock);

  /** Releases what {@link #open} took: a file lock, a connection. */
  default void close() {}

  /** The backend's name in test reports and in a race test's verdict. */
  String name();

  /**
   * Why this backend's engine does not give DynamoDB's atomicity under concurrent conditional
   * writes, if it does not: the race tests then say so, by the backend's name, instead of
   * failing at random; they still run on every other backend.
   */
  default java.util.Optional<String> concurrencyGap() {
    return java.util.Optional.empty();
  }

  /** Stops a race test on a backend with a {@link #concurrencyGap}, printing why. */
  default void requireAtomicConcurrentWrites() {
    concurrencyGap().ifPresent(gap -> {
      String verdict = "race test not run on " + name() + ": " + gap;
      System.err.println(verdict);
      org.junit.jupiter.api.Assumptions.abort(verdict);
    });
  }
}
