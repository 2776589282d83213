package dev.gatehouse.permissions;

import java.util.Objects;
import java.util.Set;

/**
 * A user's teams and role, from their server-side record (multi-tenant mode).
 *
 * @param teams the user's teams; empty for a user without teams (or without a record)
 * @param role the user's role
 */
public record Membership(Set<TenantId> teams, Role role) {
  /** A user without a record: no teams, role {@code user}. */
  public static final Membership NONE = new Membership(Set.of(), Role.USER);

  public Membership {
    teams = Set.copyOf(teams);
    Objects.requireNonNull(role, "role");
  }
}
