package dev.gatehouse.store.sql;

import dev.gatehouse.store.Positions;
import dev.gatehouse.store.RateLimits;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Changes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The settings: the one row of {@code settings}; the defaults while it does not exist. */
final class SqlSettingsRepository implements SettingsRepository {
  private final SqlStore store;

  SqlSettingsRepository(SqlStore store) {
    this.store = store;
  }

  @Override
  public Settings get() {
    return store.read("read settings", s -> {
      return current(s);
    });
  }

  private static Settings current(SqlStore s) throws java.sql.SQLException {
    PreparedStatement q = s.statement(
        "SELECT multi_tenant_enabled, updated_at, client_room_creates_per_minute, client_queries_per_minute,"
            + " revoke_tokens_issued_before FROM settings WHERE id = 1");
    try (ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        return Settings.DEFAULTS;
      }
      return new Settings(rs.getInt(1) != 0, new RateLimits(optionalInt(rs, 3), optionalInt(rs, 4)),
          Optional.ofNullable(rs.getString(5)).map(Instant::parse), Optional.ofNullable(rs.getString(2)).map(Instant::parse));
    }
  }

  private static Optional<Integer> optionalInt(ResultSet rs, int column) throws java.sql.SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }

  @Override
  public Settings put(Settings settings) {
    return store.transaction("write settings", s -> {
      SqlChangeLog.record(s, Changes.ofSettings(current(s), settings, s.clock.instant(), Actor.current()));
      write(s, settings);
      return settings;
    });
  }

  /** In one transaction: the row compared, then written (SQLite runs one writer at a time). */
  @Override
  public boolean replace(Settings expected, Settings settings) {
    return store.transaction("write settings", s -> {
      Settings current = current(s);
      if (!current.updatedAt().equals(expected.updatedAt())) {
        return false;
      }
      SqlChangeLog.record(s, Changes.ofSettings(current, settings, s.clock.instant(), Actor.current()));
      write(s, settings);
      return true;
    });
  }

  private static void write(SqlStore s, Settings settings) throws java.sql.SQLException {
    PreparedStatement put = s.statement("INSERT OR REPLACE INTO settings (id, multi_tenant_enabled, updated_at, "
        + "client_room_creates_per_minute, client_queries_per_minute, revoke_tokens_issued_before) VALUES (1, ?, ?, ?, ?, ?)");
    put.setInt(1, settings.multiTenantEnabled() ? 1 : 0);
    put.setString(2, settings.updatedAt().map(Positions::timestamp).orElse(null));
    put.setObject(3, settings.rateLimits().clientRoomCreatesPerMinute().orElse(null));
    put.setObject(4, settings.rateLimits().clientQueriesPerMinute().orElse(null));
    put.setString(5, settings.revokeTokensIssuedBefore().map(Positions::timestamp).orElse(null));
    put.executeUpdate();
  }
}
