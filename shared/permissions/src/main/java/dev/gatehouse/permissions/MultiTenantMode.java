package dev.gatehouse.permissions;

/**
 * The application-wide switch of Stream's multi-tenant mode.
 *
 * <p>{@link #OFF} (the default): tenants isolate by the token alone. A token for tenant T reaches
 * only rooms of T; a token without a tenant reaches only rooms without one.
 *
 * <p>{@link #ON}: in addition, users belong to teams (set server-side) and reach only rooms of
 * their teams; a user without teams reaches only rooms without a team. A token that names a
 * tenant narrows the user to it; a token without one spans all the user's teams. Global roles may
 * cross teams as {@link AnyTeamGrant} says.
 */
public enum MultiTenantMode {
  OFF,
  ON;

  public static MultiTenantMode of(boolean enabled) {
    return enabled ? ON : OFF;
  }

  public boolean enabled() {
    return this == ON;
  }
}
