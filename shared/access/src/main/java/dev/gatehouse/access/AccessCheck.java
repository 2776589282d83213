package dev.gatehouse.access;

import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.AccessPolicy;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.RoomTarget;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.permissions.TenantScope;
import dev.gatehouse.permissions.TokenKind;
import dev.gatehouse.tokens.TokenVerifier;
import dev.gatehouse.tokens.VerifiedToken;
import java.util.Optional;
import java.util.Set;

/**
 * Every "may this caller do this to this room?" in Gatehouse: {@code authorize-connection}, the
 * Lambda authorizer, the client routes, token issuing and the embeddable {@link ConnectionCheck}.
 * It verifies the token, loads what the decision needs through {@link AccessFacts} (in one
 * place, so revocation cutoffs and stored groups join the same reads), then asks the pure
 * permission core ({@link AccessPolicy}), whose {@link Decision} carries the rule and reason.
 */
public final class AccessCheck {
  private final TokenVerifier verifier;
  private final AccessFacts facts;

  public AccessCheck(TokenVerifier verifier, AccessFacts facts) {
    this.verifier = verifier;
    this.facts = facts;
  }

  /**
   * The caller a token names, ID or access token.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN} for any bad token
   */
  public Caller caller(String token) {
    return callerOf(verifier.verify(token));
  }

  /**
   * The caller of a client route, which acts as a user: only an ID token says who that is.
   *
   * @throws ForbiddenException {@code ID_TOKEN_REQUIRED} for an access token
   */
  public Caller clientCaller(String token) {
    VerifiedToken verified = verifier.verify(token);
    if (verified.kind() != TokenKind.ID) {
      throw new ForbiddenException(ErrorCode.ID_TOKEN_REQUIRED, "Client routes take an ID token; this is an access token.",
          "Get an ID token from identify-user for client-side queries and room creation.");
    }
    return callerOf(verified);
  }

  /**
   * The connection decision: may this token enter this room? Reads, at most: the membership (in
   * multi-tenant mode), which tenant holds the id (an access token, or an ID token naming no
   * tenant in multi-tenant mode), and the room in the tenant it is looked for in.
   */
  public ConnectionCheck.Result connect(String token, String roomId) {
    Caller caller = caller(token);
    RoomTarget target = target(caller, roomId);
    Decision decision = decide(caller, Action.READ_ROOM, target);
    RequestNotes.tenant(target.tenant().value());
    RequestNotes.decision(decision.rule().name(), decision.reason());
    RequestNotes.count(decision.allowed() ? Metric.CONNECTIONS_ALLOWED : Metric.CONNECTIONS_DENIED);
    return new ConnectionCheck.Result(caller.token(), decision, target.tenant());
  }

  /** The decision for an action on a room (or, for a room not created yet, its id and tenant). */
  public Decision decide(Caller caller, Action action, RoomTarget target) {
    return AccessPolicy.decide(caller.principal(), action, target, caller.mode());
  }

  /** The decision for an action on a room as read. */
  public Decision decide(Caller caller, Action action, RoomFacts room) {
    return decide(caller, action, RoomTarget.of(room));
  }

  /** The teams in which the caller may take this action on any room (for queries, decided before a read). */
  public TenantScope scope(Caller caller, Action action) {
    return AccessPolicy.scope(caller.principal(), action, caller.mode());
  }

  /** Whether the caller may see a user who belongs to these teams. */
  public boolean canSeeUser(Caller caller, Set<TenantId> userTeams) {
    return AccessPolicy.canSeeUser(caller.principal(), userTeams, caller.mode());
  }

  /**
   * Token issuing, in multi-tenant mode: a token may only name a tenant that is one of the user's
   * teams (a user without teams is not held to this; their tokens reach only rooms without a team).
   *
   * @throws ForbiddenException {@code TEAM_ACCESS_DENIED}
   */
  public void requireMemberOf(String userId, Optional<TenantId> tenant) {
    if (tenant.isEmpty() || facts.mode() != MultiTenantMode.ON) {
      return;
    }
    Membership membership = facts.membership(userId);
    if (!membership.teams().isEmpty() && !membership.teams().contains(tenant.get())) {
      throw new ForbiddenException(ErrorCode.TEAM_ACCESS_DENIED,
          "User \"" + userId + "\" is not a member of team \"" + tenant.get() + "\".",
          "Name one of the user's teams, or add the team to the user with POST /v2/users.");
    }
  }

  private Caller callerOf(VerifiedToken verified) {
    RequestNotes.user(verified.userId());
    verified.tenant().ifPresent(tenant -> RequestNotes.tenant(tenant.value()));
    MultiTenantMode mode = facts.mode();
    Principal principal = verified.principal();
    if (mode == MultiTenantMode.ON) {
      principal = principal.withMembership(facts.membership(verified.userId()));
    }
    return new Caller(verified, principal, mode);
  }

  private RoomTarget target(Caller caller, String roomId) {
    VerifiedToken token = caller.token();
    if (token.kind() == TokenKind.ACCESS) {
      // The patterns decide; only the room's tenant matters (or, for a new room, the token's).
      TenantId tenant = facts.tenantOf(roomId).orElse(token.tenant().orElse(TenantId.DEFAULT));
      return RoomTarget.missing(roomId, tenant);
    }
    TenantId tenant;
    if (token.tenant().isPresent() || caller.mode() == MultiTenantMode.OFF) {
      tenant = token.tenant().orElse(TenantId.DEFAULT);
    } else {
      Optional<TenantId> holder = facts.tenantOf(roomId);
      if (holder.isEmpty()) {
        return RoomTarget.missing(roomId, TenantId.DEFAULT);
      }
      tenant = holder.get();
    }
    return facts.find(tenant, roomId).map(RoomTarget::of).orElse(RoomTarget.missing(roomId, tenant));
  }
}
