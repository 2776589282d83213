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
}
