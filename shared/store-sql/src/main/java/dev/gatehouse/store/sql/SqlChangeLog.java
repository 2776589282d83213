package dev.gatehouse.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Positions;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.changes.ChangeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The change log in {@code changes}: each write inserts its change in its own transaction, and
 * SQLite runs one writer at a time, so the row id ({@code seq}) is the commit order and a change
 * is placed as it commits.
 */
final class SqlChangeLog implements ChangeLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {};
  private static final String COLUMNS = "seq, id, type, at, tenant, subject, data, actor_kind, actor_id, actor_via";
  private final SqlStore store;

  SqlChangeLog(SqlStore store) {
    this.store = store;
  }

  /** Records the change a write made, inside that write's transaction. */
  static void record(SqlStore s, Optional<Change> change) throws SQLException {
    if (change.isEmpty()) {
      return;
    }
    Change c = change.get();
    PreparedStatement insert = s.statement("INSERT INTO changes (id, type, at, tenant, subject, data, actor_kind, actor_id, "
        + "actor_via, delivered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setString(1, c.id());
    insert.setString(2, c.type().wireName());
    insert.setString(3, Positions.timestamp(c.at()));
    insert.setString(4, c.tenant().map(TenantId::value).orElse(null));
    insert.setString(5, c.subject());
    try {
      insert.setString(6, JSON.writeValueAsString(c.data()));
    } catch (JsonProcessingException e) {
      throw new SQLException("a change's data is not JSON", e);
    }
    insert.setString(7, c.actor().kind());
    insert.setString(8, c.actor().id());
    insert.setString(9, c.actor().via());
    insert.setInt(10, c.type().delivered() ? 1 : 0);
    insert.executeUpdate();
  }

  @Override
  public int settle(Instant now, Duration retention) {
    return store.transaction("forget old changes", s -> {
      PreparedStatement forget = s.statement("DELETE FROM changes WHERE at < ?");
      forget.setString(1, Positions.timestamp(now.minus(retention)));
      forget.executeUpdate();
      return 0;
    });
  }

  @Override
  public void record(Change change) {
    store.transaction("record a change", s -> {
      record(s, Optional.of(change));
      return null;
    });
  }

  @Override
  public long head() {
    // AUTOINCREMENT keeps the largest sequence ever used, even once retention deleted its row.
    return store.read("read the change log's head", s -> {
      try (ResultSet rs = s.statement("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  @Override
  public List<Change> feed(long afterSequence, Optional<TenantId> tenant, int limit) {
    return store.read("read the change feed", s -> {
      // A tenant's feed has its own changes and the project-wide ones (settings, users), which alter its decisions too.
      PreparedStatement q = s.statement("SELECT " + COLUMNS + " FROM changes WHERE seq > ? AND delivered = 1"
          + " AND (? IS NULL OR tenant = ? OR tenant IS NULL) ORDER BY seq LIMIT ?");
      q.setLong(1, afterSequence);
      q.setString(2, tenant.map(TenantId::value).orElse(null));
      q.setString(3, tenant.map(TenantId::value).orElse(null));
      q.setInt(4, limit);
      return changes(q);
    });
  }

  @Override
  public AuditPage audit(Optional<TenantId> tenant, Optional<Long> beforeSequence, Optional<Instant> since, int limit,
      Predicate<Change> keep) {
    return store.read("read the audit trail", s -> {
      PreparedStatement q = s.statement("SELECT " + COLUMNS + " FROM changes WHERE seq < ?"
          + " AND (? IS NULL OR tenant = ?) ORDER BY seq DESC LIMIT ?");
      q.setLong(1, beforeSequence.orElse(Long.MAX_VALUE));
      q.setString(2, tenant.map(TenantId::value).orElse(null));
      q.setString(3, tenant.map(TenantId::value).orElse(null));
      q.setInt(4, AUDIT_SCAN + 1);
      return AuditPage.of(changes(q), since, limit, keep);
    });
  }

  private static List<Change> changes(PreparedStatement q) throws SQLException {
    List<Change> changes = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        Map<String, Object> data;
        try {
          data = JSON.readValue(rs.getString(7), DATA);
        } catch (JsonProcessingException e) {
          throw new SQLException("a stored change's data is not JSON", e);
        }
        Optional<ChangeType> type = ChangeType.fromWire(rs.getString(3));
        if (type.isEmpty()) {
          continue; // recorded by a newer version: its readers show it
        }
        changes.add(new Change(rs.getString(2), type.get(), Instant.parse(rs.getString(4)),
            Optional.ofNullable(rs.getString(5)).map(TenantId::new), rs.getString(6), data,
            new Actor(rs.getString(8), rs.getString(9), rs.getString(10)), rs.getLong(1)));
      }
    }
    return changes;
  }
}
