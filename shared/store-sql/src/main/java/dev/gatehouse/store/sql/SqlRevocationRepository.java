package dev.gatehouse.store.sql;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.RevocationRepository;
import dev.gatehouse.store.UserStatus;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.changes.Changes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Users' status in {@code user_status}, tenants' cutoffs in {@code tenant_status}: one row each. */
final class SqlRevocationRepository implements RevocationRepository {
  private final SqlStore store;

  SqlRevocationRepository(SqlStore store) {
    this.store = store;
  }

  @Override
  public UserStatus userStatus(String userId) {
    return store.read("read a user's status", s -> status(s, userId));
  }

  private static UserStatus status(SqlStore s, String userId) throws SQLException {
    PreparedStatement q = s.statement("SELECT revoke_tokens_issued_before, deactivated FROM user_status WHERE user_id = ?");
    q.setString(1, userId);
    try (ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        return UserStatus.active(userId);
      }
      return new UserStatus(userId, Optional.ofNullable(rs.getString(1)).map(Instant::parse), rs.getInt(2) != 0);
    }
  }

  @Override
  public UserStatus revokeUserTokens(String userId, Optional<Instant> before) {
    return store.transaction("revoke a user's tokens", s -> {
      PreparedStatement put = s.statement("INSERT INTO user_status (user_id, revoke_tokens_issued_before) VALUES (?, ?) "
          + "ON CONFLICT (user_id) DO UPDATE SET revoke_tokens_issued_before = excluded.revoke_tokens_issued_before");
      put.setString(1, userId);
      put.setString(2, before.map(Positions::timestamp).orElse(null));
      put.executeUpdate();
      return recorded(s, ChangeType.USER_TOKENS_REVOKED, status(s, userId));
    });
  }

  /** Records a user's new status as the change {@code type}, in the write's transaction. */
  private static UserStatus recorded(SqlStore s, ChangeType type, UserStatus after) throws SQLException {
    SqlChangeLog.record(s, Optional.of(Changes.ofUserStatus(type, after.userId(), after.revokeTokensIssuedBefore(),
        s.clock.instant(), Actor.current())));
    return after;
  }

  @Override
  public UserStatus deactivate(String userId, Instant before) {
    return setActivation(userId, before, true, "deactivate a user", ChangeType.USER_DEACTIVATED);
  }

  @Override
  public UserStatus reactivate(String userId, Instant at) {
    return setActivation(userId, at, false, "reactivate a user", ChangeType.USER_REACTIVATED);
  }

  /** Sets both the user's cutoff and whether they are deactivated, and records the change, in one transaction. */
  private UserStatus setActivation(String userId, Instant cutoff, boolean deactivated, String what, ChangeType type) {
    return store.transaction(what, s -> {
      PreparedStatement put = s.statement("INSERT INTO user_status (user_id, revoke_tokens_issued_before, deactivated) "
          + "VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
          + "revoke_tokens_issued_before = excluded.revoke_tokens_issued_before, deactivated = excluded.deactivated");
      put.setString(1, userId);
      put.setString(2, Positions.timestamp(cutoff));
      put.setInt(3, deactivated ? 1 : 0);
      put.executeUpdate();
      return recorded(s, type, status(s, userId));
    });
  }

  @Override
  public Optional<Instant> tenantCutoff(TenantId tenant) {
    return store.read("read a tenant's cutoff", s -> {
      PreparedStatement q = s.statement("SELECT revoke_tokens_issued_before FROM tenant_status WHERE tenant = ?");
      q.setString(1, tenant.value());
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.<Instant>empty();
      }
    });
  }

  @Override
  public Optional<Instant> revokeTenantTokens(TenantId tenant, Optional<Instant> before) {
    return store.transaction("revoke a tenant's tokens", s -> {
      if (before.isEmpty()) {
        PreparedStatement delete = s.statement("DELETE FROM tenant_status WHERE tenant = ?");
        delete.setString(1, tenant.value());
        delete.executeUpdate();
        SqlChangeLog.record(s, Optional.of(Changes.ofTenantCutoff(tenant, Optional.empty(), s.clock.instant(), Actor.current())));
        return Optional.<Instant>empty();
      }
      PreparedStatement put = s.statement("INSERT OR REPLACE INTO tenant_status (tenant, revoke_tokens_issued_before) VALUES (?, ?)");
      put.setString(1, tenant.value());
      put.setString(2, Positions.timestamp(before.get()));
      put.executeUpdate();
      SqlChangeLog.record(s, Optional.of(Changes.ofTenantCutoff(tenant, before, s.clock.instant(), Actor.current())));
      return Optional.of(before.get().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    });
  }
}
