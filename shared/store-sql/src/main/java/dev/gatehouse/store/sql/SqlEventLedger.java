package dev.gatehouse.store.sql;

import dev.gatehouse.store.EventLedger;
import dev.gatehouse.store.Positions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ledger in {@code processed_events} and {@code tombstones}. As on DynamoDB, a record past its
 * expiry is ignored by readers; expired rows are deleted when the store opens and every {@value
 * #PURGE_EVERY} writes (DynamoDB's TTL does this within days).
 */
final class SqlEventLedger implements EventLedger {
  private static final int PURGE_EVERY = 1000;

  private final SqlStore store;
  private final Clock clock;
  private final AtomicInteger writes = new AtomicInteger();

  SqlEventLedger(SqlStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public boolean processed(String eventId) {
    return store.read("read the event ledger", s -> {
      PreparedStatement q = s.statement("SELECT 1 FROM processed_events WHERE id = ? AND expires_at > ?");
      q.setString(1, eventId);
      q.setLong(2, clock.instant().getEpochSecond());
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    });
  }

  @Override
  public void markProcessed(String eventId, String type, Instant expiresAt) {
    store.transaction("record a processed event", s -> {
      PreparedStatement put = s.statement("INSERT OR REPLACE INTO processed_events (id, type, at, expires_at) VALUES (?, ?, ?, ?)");
      put.setString(1, eventId);
      put.setString(2, type);
      put.setString(3, Positions.timestamp(clock.instant()));
      put.setLong(4, expiresAt.getEpochSecond());
      put.executeUpdate();
      return null;
    });
    purgeNowAndThen();
  }

  @Override
  public Optional<Instant> deletedAt(Kind kind, String id) {
    return store.read("read the event ledger", s -> {
      PreparedStatement q = s.statement("SELECT at FROM tombstones WHERE kind = ? AND id = ? AND expires_at > ?");
      q.setString(1, kind.name());
      q.setString(2, id);
      q.setLong(3, clock.instant().getEpochSecond());
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.empty();
      }
    });
  }

  @Override
  public void markDeleted(Kind kind, String id, Instant deletedAt, Instant expiresAt) {
    store.transaction("record a deletion", s -> {
      // A newer deletion already recorded stays (fixed-width timestamps compare as text).
      PreparedStatement put = s.statement("INSERT INTO tombstones (kind, id, at, expires_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (kind, id) DO UPDATE SET at = excluded.at, expires_at = excluded.expires_at"
          + " WHERE tombstones.at < excluded.at");
      put.setString(1, kind.name());
      put.setString(2, id);
      put.setString(3, Positions.timestamp(deletedAt));
      put.setLong(4, expiresAt.getEpochSecond());
      put.executeUpdate();
      return null;
    });
    purgeNowAndThen();
  }

  private void purgeNowAndThen() {
    if (writes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
  }

  /** Deletes every record past its expiry. */
  void purgeExpired() {
    store.transaction("purge the event ledger", s -> {
      long now = clock.instant().getEpochSecond();
      for (String table : new String[] {"processed_events", "tombstones"}) {
        PreparedStatement delete = s.statement("DELETE FROM " + table + " WHERE expires_at <= ?");
        delete.setLong(1, now);
        delete.executeUpdate();
      }
      return null;
    });
  }
}
