package dev.gatehouse.store;

import dev.gatehouse.store.sql.SqlStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The SQL store in memory, or in a database file in a temporary data directory. */
final class SqlBackend implements StoreBackend {
  private final boolean inFile;
  private SqlStore store;
  private Path directory;

  private SqlBackend(boolean inFile) {
    this.inFile = inFile;
  }

  static SqlBackend memory() {
    return new SqlBackend(false);
  }

  static SqlBackend file() {
    return new SqlBackend(true);
  }

  @Override
  public Repositories open(Clock clock) {
    try {
      directory = inFile ? Files.createTempDirectory("gatehouse-sql-") : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = SqlStore.open(Optional.ofNullable(directory), clock);
    return store.repositories();
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    if (directory != null) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory
      }
    }
  }

  @Override
  public String name() {
    return inFile ? "SQL store in a file" : "SQL store in memory";
  }
}
