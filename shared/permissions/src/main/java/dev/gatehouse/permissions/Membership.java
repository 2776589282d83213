package dev.gatehouse.permissions;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user's teams and roles, from their server-side record (multi-tenant mode).
 *
 * @param teams the user's teams; empty for a user without teams (or without a record)
 * @param role the user's role across the application (the one global roles are read from)
 * @param teamRoles a different role within some of the user's teams (Stream's {@code teams_role})
 */
public record Membership(Set<TenantId> teams, Role role, Map<TenantId, Role> teamRoles) {
  /** A user without a record: no teams, role {@code user}. */
  public static final Membership NONE = new Membership(Set.of(), Role.USER, Map.of());

  public Membership {
    teams = Set.copyOf(teams);
    Objects.requireNonNull(role, "role");
    teamRoles = Map.copyOf(teamRoles);
  }

  public Membership(Set<TenantId> teams, Role role) {
    this(teams, role, Map.of());
  }
}
