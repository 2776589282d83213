package dev.gatehouse.permissions;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking: the user a verified token names, with what the token carries, and (in
 * multi-tenant mode) the teams and role of the user's server-side record.
 *
 * @param userId the token's user
 * @param kind ID token or access token
 * @param groupIds the ID token's groups (empty for access tokens)
 * @param tokenTenant the tenant the token names, if it names one
 * @param grants the access token's patterns ({@link AccessTokenPermissions#NONE} for ID tokens)
 * @param teams the user's teams from their record; empty when they have none or no record
 * @param role the user's role from their record; {@link Role#USER} without a record
 * @param teamRoles the user's role within particular teams, where it differs
 */
public record Principal(
    String userId,
    TokenKind kind,
    Set<String> groupIds,
    Optional<TenantId> tokenTenant,
    AccessTokenPermissions grants,
    Set<TenantId> teams,
    Role role,
    Map<TenantId, Role> teamRoles) {

  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    groupIds = Set.copyOf(groupIds);
    Objects.requireNonNull(tokenTenant, "tokenTenant");
    Objects.requireNonNull(grants, "grants");
    teams = Set.copyOf(teams);
    Objects.requireNonNull(role, "role");
    teamRoles = Map.copyOf(teamRoles);
  }

  /** The principal of an ID token, before its user record is known. */
  public static Principal ofIdToken(String userId, Set<String> groupIds, Optional<TenantId> tenant) {
    return new Principal(
        userId, TokenKind.ID, groupIds, tenant, AccessTokenPermissions.NONE, Set.of(), Role.USER, Map.of());
  }

  /** The principal of an access token, before its user record is known. */
  public static Principal ofAccessToken(
      String userId, AccessTokenPermissions grants, Optional<TenantId> tenant) {
    return new Principal(userId, TokenKind.ACCESS, Set.of(), tenant, grants, Set.of(), Role.USER, Map.of());
  }

  /** The same principal with the teams and role of the user's record. */
  public Principal withMembership(Membership membership) {
    return new Principal(userId, kind, groupIds, tokenTenant, grants, membership.teams(), membership.role(), membership.teamRoles());
  }

  /** The same principal with these teams and role. */
  public Principal withMembership(Set<TenantId> teams, Role role) {
    return new Principal(userId, kind, groupIds, tokenTenant, grants, teams, role, Map.of());
  }

  /**
   * The same principal also in {@code more} groups: the stored groups of the room's tenant that
   * list the user, which a room's {@code groupsAccesses} apply to as to the token's own.
   */
  public Principal withGroups(Set<String> more) {
    Set<String> all = new java.util.LinkedHashSet<>(groupIds);
    all.addAll(more);
    return new Principal(userId, kind, all, tokenTenant, grants, teams, role, teamRoles);
  }

  /** The role that applies within one team: the team's own role for the user, else their role. */
  public Role roleIn(TenantId team) {
    return teamRoles.getOrDefault(team, role);
  }

  /** The teams this principal counts as a member of: its teams, or {@link TenantId#DEFAULT} without any. */
  public Set<TenantId> teamsOrDefault() {
    return teams.isEmpty() ? Set.of(TenantId.DEFAULT) : teams;
  }
}
