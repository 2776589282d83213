package dev.gatehouse.permissions;

import dev.gatehouse.permissions.Decision.Rule;
import java.util.Optional;
import java.util.Set;

/**
 * The decision: one pure function from (principal, action, room, mode) to a {@link Decision}.
 *
 * <p>Order of the rules, first match wins:
 *
 * <ol>
 *   <li>Tenant: a token that names a tenant reaches only rooms of that tenant. With multi-tenant
 *       mode off, a token without a tenant reaches only rooms without one.
 *   <li>Team (multi-tenant mode on): the room's team must be one of the user's (a user without
 *       teams counts as the default tenant), unless the role holds an {@link AnyTeamGrant} for
 *       the action.
 *   <li>The action: entering and reading are decided by the room's accesses (ID tokens; the room
 *       must exist) or the token's patterns (access tokens). Managing a room (update, members,
 *       delete) is allowed to roles that manage (the user's role in the room's team, if it has
 *       one there), to the room's creator, and to {@code *:write}.
 *       Creating is allowed wherever the tenant is in reach.
 * </ol>
 *
 * Default deny: nothing is allowed unless a rule above allows it, and no room permission ever
 * overrides a tenant or team mismatch.
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  /**
   * Decides whether {@code principal} may take {@code action} on {@code target}.
   *
   * @throws IllegalArgumentException for {@link Action#SEARCH_USERS}, which is not about a room
   *     (see {@link #canSeeUser})
   */
  public static Decision decide(
      Principal principal, Action action, RoomTarget target, MultiTenantMode mode) {
    if (action == Action.SEARCH_USERS) {
      throw new IllegalArgumentException("SEARCH_USERS is decided by canSeeUser");
    }
    String room = "room '" + target.roomId() + "'";
    TenantId tenant = target.tenant();

    Optional<TenantId> tokenTenant = principal.tokenTenant();
    if (tokenTenant.isPresent() && !tokenTenant.get().equals(tenant)) {
      return Decision.deny(
          Rule.TENANT_MISMATCH,
          "the token is scoped to tenant '" + tokenTenant.get() + "' and " + room + " is not in it");
    }
    Optional<AnyTeamGrant> crossing = Optional.empty();
    if (mode == MultiTenantMode.OFF) {
      if (tokenTenant.isEmpty() && !tenant.isDefault()) {
        return Decision.deny(
            Rule.TENANT_MISMATCH,
            "the token names no tenant, so it reaches only rooms without one, and "
                + room
                + " belongs to a tenant");
      }
    } else if (!principal.teamsOrDefault().contains(tenant)) {
      boolean owner = target.existing().map(r -> r.isOwnedBy(principal.userId())).orElse(false);
      crossing = AnyTeamGrant.find(principal.role(), action, owner);
      if (crossing.isEmpty()) {
        return Decision.deny(
            Rule.TEAM_MISMATCH,
            principal.teams().isEmpty()
                ? "the user has no team, so they reach only rooms without a team, and "
                    + room
                    + " belongs to a team"
                : room + " belongs to a team the user is not a member of");
      }
    }
    String across =
        crossing
            .map(g -> " (across teams by " + g.streamPermission() + " of role " + principal.role().wireName() + ")")
            .orElse("");

    return switch (action) {
      case CREATE_ROOM ->
          Decision.allow(
              Rule.IN_REACH,
              AccessMatrix.FULL,
              "the user may create rooms in tenant '" + tenant + "'" + across);
      case READ_ROOM -> withSuffix(accessFromRoomOrToken(principal, target), across);
      case UPDATE_ROOM, UPDATE_ROOM_MEMBERS, DELETE_ROOM -> manage(principal, action, target, across);
      case SEARCH_USERS -> throw new AssertionError("handled above");
    };
  }

  /**
   * The tenants {@code principal} may reach for {@code action}, ignoring owner-only grants. A
   * tenant is in scope exactly when the tenant and team rules of {@link #decide} let the action
   * through; queries inject this scope as their team filter.
   */
  public static TenantScope scope(Principal principal, Action action, MultiTenantMode mode) {
    Optional<TenantId> tokenTenant = principal.tokenTenant();
    if (mode == MultiTenantMode.OFF) {
      return TenantScope.only(Set.of(tokenTenant.orElse(TenantId.DEFAULT)));
    }
    boolean anyTeam = AnyTeamGrant.find(principal.role(), action, false).isPresent();
    if (tokenTenant.isPresent()) {
      TenantId only = tokenTenant.get();
      return anyTeam || principal.teamsOrDefault().contains(only)
          ? TenantScope.only(Set.of(only))
          : TenantScope.only(Set.of());
    }
    return anyTeam ? TenantScope.all() : TenantScope.only(principal.teamsOrDefault());
  }

  /**
   * Whether {@code principal} may see a user with {@code userTeams} in a user query. With
   * multi-tenant mode off every user is visible (users are not tenant resources). With it on, the
   * user must share a team with the principal's scope (users without teams are in the default
   * tenant), unless the role may search users in any team.
   */
  public static boolean canSeeUser(Principal principal, Set<TenantId> userTeams, MultiTenantMode mode) {
    if (mode == MultiTenantMode.OFF) {
      return true;
    }
    TenantScope scope = scope(principal, Action.SEARCH_USERS, mode);
    if (scope.anyTenant()) {
      return true;
    }
    if (userTeams.isEmpty()) {
      return scope.includes(TenantId.DEFAULT);
    }
    for (TenantId team : userTeams) {
      if (scope.includes(team)) {
        return true;
      }
    }
    return false;
  }

  private static Decision manage(Principal principal, Action action, RoomTarget target, String across) {
    String room = "room '" + target.roomId() + "'";
    if (target.existing().isEmpty()) {
      return Decision.deny(Rule.ROOM_NOT_FOUND, room + " does not exist");
    }
    Decision access = accessFromRoomOrToken(principal, target);
    AccessMatrix matrix = access.access();
    Role role = principal.roleIn(target.tenant());
    if (role.manages(action)) {
      return Decision.allow(Rule.ROLE, matrix, "role " + role.wireName() + " manages rooms in reach" + across);
    }
    if (target.existing().get().isOwnedBy(principal.userId())) {
      return Decision.allow(Rule.OWNER, matrix, "the user created " + room + across);
    }
    if (access.allowed() && matrix.room() == AccessLevel.WRITE) {
      return withSuffix(access, across);
    }
    return Decision.deny(
        access.allowed() ? Rule.INSUFFICIENT_ACCESS : access.rule(),
        access.allowed()
            ? "changing " + room + " needs *:write, and " + access.reason()
            : access.reason());
  }

  private static Decision accessFromRoomOrToken(Principal principal, RoomTarget target) {
    String room = "room '" + target.roomId() + "'";
    if (principal.kind() == TokenKind.ACCESS) {
      return principal
          .grants()
          .resolve(target.roomId())
          .map(r -> Decision.allow(
              Rule.TOKEN_PATTERNS,
              r.matrix(),
              "token pattern(s) " + r.matched() + " grant " + r.matrix().room().wireName()))
          .orElseGet(() -> Decision.deny(
              Rule.NO_MATCHING_PATTERN, "no pattern of the access token covers " + room));
    }
    if (target.existing().isEmpty()) {
      return Decision.deny(
          Rule.ROOM_NOT_FOUND, room + " does not exist, and an ID token can only enter existing rooms");
    }
    RoomAccesses.Resolution resolution =
        target.existing().get().accesses().resolve(principal.userId(), principal.groupIds());
    String reason = resolution.explain(principal.userId());
    if (!resolution.matrix().canEnter()) {
      return Decision.deny(Rule.NO_ROOM_ACCESS, reason);
    }
    return Decision.allow(Rule.ROOM_ACCESSES, resolution.matrix(), reason);
  }

  private static Decision withSuffix(Decision decision, String across) {
    if (!decision.allowed() || across.isEmpty()) {
      return decision;
    }
    return Decision.allow(decision.rule(), decision.access(), decision.reason() + across);
  }
}
