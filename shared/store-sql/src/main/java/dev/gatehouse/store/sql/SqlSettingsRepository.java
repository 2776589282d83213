package dev.gatehouse.store.sql;

import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
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
      PreparedStatement q = s.statement("SELECT multi_tenant_enabled, updated_at FROM settings WHERE id = 1");
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Settings.DEFAULTS;
        }
        return new Settings(rs.getInt(1) != 0, Optional.ofNullable(rs.getString(2)).map(Instant::parse));
      }
    });
  }

  @Override
  public Settings put(Settings settings) {
    return store.transaction("write settings", s -> {
      PreparedStatement put = s.statement("INSERT OR REPLACE INTO settings (id, multi_tenant_enabled, updated_at) VALUES (1, ?, ?)");
      put.setInt(1, settings.multiTenantEnabled() ? 1 : 0);
      put.setString(2, settings.updatedAt().map(Positions::timestamp).orElse(null));
      put.executeUpdate();
      return settings;
    });
  }
}
