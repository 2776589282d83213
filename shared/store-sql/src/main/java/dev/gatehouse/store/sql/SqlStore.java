package dev.gatehouse.store.sql;

import dev.gatehouse.errors.StorageException;
import dev.gatehouse.store.Repositories;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded SQL store: one SQLite database, in one file ({@value #FILE_NAME}) in a data
 * directory or in memory, holding every repository ({@link #repositories()}).
 *
 * <p>Concurrency. One connection, and one lock around every unit of work, each unit one
 * transaction: a read-modify-write (an update's {@code change}, a create's check for the id) runs
 * alone, so concurrent creates of one id give exactly one winner and concurrent updates of
 * different entries all survive, as DynamoDB's conditional writes and retries give, without
 * retries. A unit that throws rolls back: nothing is half-written. A read ({@link #read}) takes the
 * same lock but commits nothing: with one connection behind one lock no other writer exists, so
 * every read sees a consistent state without a transaction of its own (a commit and the driver's
 * next {@code begin} were a fifth of a room read's CPU, docs/performance.md).
 *
 * <p>Ordering. Text columns use SQLite's default BINARY collation, which compares the UTF-8 bytes
 * (the database's encoding): the order DynamoDB gives sort keys.
 *
 * <p>A data directory is held with an exclusive lock on {@value #LOCK_NAME}, so two servers never
 * share one database. On JDK 25 the JVM needs {@code --enable-native-access=ALL-UNNAMED}: the
 * driver loads SQLite's native library.
 */
public final class SqlStore implements AutoCloseable {
  public static final String FILE_NAME = "gatehouse.db";
  static final String LOCK_NAME = "gatehouse.db.lock";
  /** Prepared statements kept per SQL text (IN lists make a few shapes per listing). */
  private static final int STATEMENT_CACHE = 256;

  private final Connection connection;
  private final Optional<FileChannel> lockChannel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() > STATEMENT_CACHE) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  };
  private final Repositories repositories;
  final DecodedRooms decodedRooms = new DecodedRooms();

  /** What the changes the writes record are stamped with. */
  final Clock clock;

  private SqlStore(Connection connection, Optional<FileChannel> lockChannel, Clock clock) {
    this.clock = clock;
    this.connection = connection;
    this.lockChannel = lockChannel;
    this.repositories = new Repositories(new SqlRoomRepository(this), new SqlUserRepository(this),
        new SqlSettingsRepository(this), new SqlEventLedger(this, clock), new SqlRateCounter(this),
        new SqlRevocationRepository(this), new SqlChangeLog(this), new SqlWebhookRepository(this), new SqlGroupRepository(this));
  }

  /**
   * Opens the store: {@code dataDirectory/gatehouse.db} (created with its schema when missing,
   * migrated when older) or, without a directory, a database in memory that lives as long as
   * this object.
   *
   * @throws StorageException when the directory is held by another server, or the database
   *     cannot be opened or was written by a newer Gatehouse
   */
  public static SqlStore open(Optional<Path> dataDirectory, Clock clock) {
    Optional<FileChannel> lock = Optional.empty();
    try {
      String url = "jdbc:sqlite::memory:";
      if (dataDirectory.isPresent()) {
        Path dir = dataDirectory.get();
        Files.createDirectories(dir);
        lock = Optional.of(exclusiveLock(dir));
        url = "jdbc:sqlite:" + dir.resolve(FILE_NAME).toAbsolutePath();
      }
      Connection connection = DriverManager.getConnection(url);
      try (Statement s = connection.createStatement()) {
        if (dataDirectory.isPresent()) {
          // WAL: a commit appends to the log, no rewrite of the database pages; NORMAL syncs at
          // checkpoints, so a power cut may lose the last commits but never tears one.
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=NORMAL");
        }
        s.execute("PRAGMA foreign_keys=ON");
      }
      Schema.migrate(connection);
      connection.setAutoCommit(false);
      SqlStore store = new SqlStore(connection, lock, clock);
      ((SqlEventLedger) store.repositories.eventLedger()).purgeExpired();
      return store;
    } catch (SQLException | IOException e) {
      lock.ifPresent(SqlStore::closeQuietly);
      throw new StorageException("Could not open the SQL store: " + e.getClass().getSimpleName()
          + dataDirectory.map(d -> " in " + d).orElse(" in memory") + ".", e);
    } catch (RuntimeException e) {
      lock.ifPresent(SqlStore::closeQuietly);
      throw e;
    }
  }

  private static FileChannel exclusiveLock(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      held = null;
    }
    if (held == null) {
      channel.close();
      throw new StorageException("The data directory " + dir + " is in use by another Gatehouse server"
          + " (it holds " + LOCK_NAME + "). Stop that server, or pass another --data directory.", null);
    }
    return channel;
  }

  /** Every repository of this store. */
  public Repositories repositories() {
    return repositories;
  }

  /** One unit of work on the connection. */
  interface Work<T> {
    T run(SqlStore store) throws SQLException;
  }

  /**
   * Runs {@code work} alone, as one transaction: committed when it returns, rolled back when it
   * throws (a SQL failure becomes a {@link StorageException} naming {@code what}).
   */
  <T> T transaction(String what, Work<T> work) {
    lock.lock();
    try {
      try {
        T result = work.run(this);
        connection.commit();
        return result;
      } catch (SQLException e) {
        rollback();
        throw new StorageException("Could not " + what + ": the SQL store failed (" + e.getClass().getSimpleName() + ").", e);
      } catch (RuntimeException | Error e) {
        rollback();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work}, which only reads, alone. It joins the connection's open (deferred)
   * transaction, which holds no writes between units: every write unit commits or rolls back.
   */
  <T> T read(String what, Work<T> work) {
    lock.lock();
    try {
      return work.run(this);
    } catch (SQLException e) {
      rollback();
      throw new StorageException("Could not " + what + ": the SQL store failed (" + e.getClass().getSimpleName() + ").", e);
    } finally {
      lock.unlock();
    }
  }

  /** A prepared statement for {@code sql}, kept for reuse; only called inside {@link #transaction} or {@link #read}. */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    statement.clearParameters();
    return statement;
  }

  /**
   * The ids of up to {@code limit} rows under {@code key}: {@code sql} selects one string column
   * and takes the key and the limit as its two parameters. Only called inside a unit of work.
   */
  List<String> ids(String sql, String key, int limit) throws SQLException {
    PreparedStatement q = statement(sql);
    q.setString(1, key);
    q.setInt(2, limit);
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is gone; the next unit of work reports it.
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      statements.values().forEach(SqlStore::closeQuietly);
      statements.clear();
      closeQuietly(connection);
      lockChannel.ifPresent(SqlStore::closeQuietly);
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing
    }
  }
}
