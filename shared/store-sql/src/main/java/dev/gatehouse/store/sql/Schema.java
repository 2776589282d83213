package dev.gatehouse.store.sql;

import dev.gatehouse.errors.StorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables, and the schema version they are at ({@code schema_version}). A database at an
 * older version is migrated step by step, each step in its own transaction; one written by a
 * newer Gatehouse is refused rather than misread. docs/data-model.md describes every table.
 *
 * <p>Order columns ({@code created_order}: {@code <created>#<id>}) are the listing positions
 * themselves, so a cursor's position is compared with a column directly.
 */
final class Schema {
  /** Version 1: every repository of the first release. */
  private static final List<String> V1 = List.of(
      """
      CREATE TABLE rooms (
        id TEXT NOT NULL PRIMARY KEY,
        tenant TEXT NOT NULL,
        created TEXT NOT NULL,
        created_order TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        document TEXT NOT NULL
      ) WITHOUT ROWID""",
      "CREATE INDEX rooms_by_tenant_created ON rooms (tenant, created_order)",
      "CREATE INDEX rooms_by_tenant_id ON rooms (tenant, id)",
      // One row per usersAccesses / groupsAccesses key: principal is 'U#<user>' or 'G#<group>'.
      """
      CREATE TABLE room_access (
        principal TEXT NOT NULL,
        created_order TEXT NOT NULL,
        room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        PRIMARY KEY (principal, created_order)
      ) WITHOUT ROWID""",
      "CREATE INDEX room_access_by_room ON room_access (room_id)",
      """
      CREATE TABLE users (
        id TEXT NOT NULL PRIMARY KEY,
        created TEXT NOT NULL,
        created_order TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        document TEXT NOT NULL
      ) WITHOUT ROWID""",
      // One row per team of a user ('default' for a user without teams).
      """
      CREATE TABLE memberships (
        team TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_order TEXT NOT NULL,
        PRIMARY KEY (team, user_id)
      ) WITHOUT ROWID""",
      "CREATE INDEX memberships_by_created ON memberships (team, created_order)",
      "CREATE INDEX memberships_by_user ON memberships (user_id)",
      """
      CREATE TABLE settings (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        multi_tenant_enabled INTEGER NOT NULL,
        updated_at TEXT
      )""",
      """
      CREATE TABLE processed_events (
        id TEXT NOT NULL PRIMARY KEY,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID""",
      "CREATE INDEX processed_events_by_expiry ON processed_events (expires_at)",
      """
      CREATE TABLE tombstones (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID""",
      "CREATE INDEX tombstones_by_expiry ON tombstones (expires_at)");

  /** Version 2: the per-tenant quotas in the settings, and their counters. */
  private static final List<String> V2 = List.of(
      "ALTER TABLE settings ADD COLUMN client_room_creates_per_minute INTEGER",
      "ALTER TABLE settings ADD COLUMN client_queries_per_minute INTEGER",
      """
      CREATE TABLE rate_counters (
        tenant TEXT NOT NULL,
        bucket TEXT NOT NULL,
        window INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (tenant, bucket, window)
      ) WITHOUT ROWID""",
      "CREATE INDEX rate_counters_by_window ON rate_counters (window)");

  /** Version 3: revocation cutoffs (project, tenant, user) and deactivation. */
  private static final List<String> V3 = List.of(
      "ALTER TABLE settings ADD COLUMN revoke_tokens_issued_before TEXT",
      """
      CREATE TABLE user_status (
        user_id TEXT NOT NULL PRIMARY KEY,
        revoke_tokens_issued_before TEXT,
        deactivated INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID""",
      """
      CREATE TABLE tenant_status (
        tenant TEXT NOT NULL PRIMARY KEY,
        revoke_tokens_issued_before TEXT NOT NULL
      ) WITHOUT ROWID""");

  /** Version 4: the change log, written in each write's own transaction (its rowid is the commit order). */
  private static final List<String> V4 = List.of(
      """
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        tenant TEXT,
        subject TEXT NOT NULL,
        data TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_via TEXT NOT NULL,
        delivered INTEGER NOT NULL
      )""",
      "CREATE INDEX changes_by_tenant ON changes (tenant, seq)",
      "CREATE INDEX changes_by_time ON changes (at)");

  /** Version 5: the webhooks and their delivery state, with the lease of the one dispatcher delivering each. */
  private static final List<String> V5 = List.of(
      """
      CREATE TABLE webhooks (
        id TEXT NOT NULL PRIMARY KEY,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        cursor INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at TEXT,
        last_error TEXT,
        last_delivered_at TEXT,
        disabled_at TEXT,
        lease_token TEXT,
        lease_until TEXT
      ) WITHOUT ROWID""");

  /**
   * Version 6: stored groups and their members, each member row keyed by user and tenant as the
   * connection check reads it ("which of this tenant's groups list this user?").
   */
  private static final List<String> V6 = List.of(
      """
      CREATE TABLE groups (
        id TEXT NOT NULL PRIMARY KEY,
        tenant TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        mention INTEGER NOT NULL,
        version INTEGER NOT NULL
      ) WITHOUT ROWID""",
      """
      CREATE TABLE group_members (
        group_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        tenant TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (group_id, user_id)
      ) WITHOUT ROWID""",
      "CREATE INDEX group_members_by_user ON group_members (user_id, tenant, group_id)");

  /** Step {@code i} takes a database from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> STEPS = List.of(V1, V2, V3, V4, V5, V6);

  static final int CURRENT = STEPS.size();

  private Schema() {}

  /** Brings the database to {@link #CURRENT}; called with auto-commit on. */
  static void migrate(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    }
    int version = version(connection);
    if (version > CURRENT) {
      throw new StorageException("The database is at schema version " + version + ", newer than this Gatehouse's "
          + CURRENT + ": run a newer Gatehouse, or use another --data directory.", null);
    }
    for (int step = version; step < CURRENT; step++) {
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        for (String ddl : STEPS.get(step)) {
          s.execute(ddl);
        }
        s.execute("DELETE FROM schema_version");
        s.execute("INSERT INTO schema_version (version) VALUES (" + (step + 1) + ")");
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  static int version(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
