package dev.gatehouse.access;

import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.AccessPolicy;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.Explanation;
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
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN}, {@code TOKEN_EXPIRED}
   *     or {@code TOKEN_REVOKED}
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
   * The connection decision: may this token enter this room? One read of the facts (on DynamoDB
   * one BatchGetItem): the revocation cutoffs, the membership (in multi-tenant mode), and the room
   * in the tenant it is looked for in, or which tenant holds the id (an access token, or an ID
   * token naming no tenant in multi-tenant mode, whose room is then read in that tenant).
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code TOKEN_REVOKED} for a token a cutoff revokes
   */
  public ConnectionCheck.Result connect(String token, String roomId) {
    VerifiedToken verified = verifier.verify(token);
    notedCaller(verified);
    Loaded loaded = load(verified, Optional.of(roomId));
    Caller caller = loaded.caller();
    RoomTarget target = target(verified, loaded.lookup().orElseThrow(), loaded.facts());
    RequestNotes.tenant(target.tenant().value());
    Decision decision = decide(caller, Action.READ_ROOM, target);
    RequestNotes.decision(decision.rule().name(), decision.reason());
    RequestNotes.count(decision.allowed() ? Metric.CONNECTIONS_ALLOWED : Metric.CONNECTIONS_DENIED);
    return new ConnectionCheck.Result(caller.token(), decision, target.tenant());
  }

  /**
   * The connection decision for many rooms, in the order asked (a room asked twice is answered
   * twice): the caller's facts in one read as {@link #connect} reads them, then every room in one
   * read ({@link AccessFacts#findAll}, after {@link AccessFacts#tenantsOf} where the tenant is not
   * known in advance), the rooms' tenants' cutoffs in one more where the token's did not cover
   * them. Each room gets {@link #connect}'s decision; a room whose tenant's cutoff revokes the
   * token gets that error instead.
   */
  public java.util.List<ConnectionCheck.Outcome> connectAll(String token, java.util.List<String> roomIds) {
    VerifiedToken verified = verifier.verify(token);
    notedCaller(verified);
    Caller caller = load(verified, Optional.empty()).caller();
    Set<String> distinct = new java.util.LinkedHashSet<>(roomIds);
    boolean accessToken = verified.kind() == TokenKind.ACCESS;
    Optional<TenantId> lookIn = verified.tenant().isPresent() || caller.mode() == MultiTenantMode.OFF
        ? Optional.of(verified.tenant().orElse(TenantId.DEFAULT)) : Optional.empty();
    java.util.Map<String, TenantId> held = accessToken || lookIn.isEmpty() ? facts.tenantsOf(distinct) : java.util.Map.of();
    java.util.Map<String, dev.gatehouse.permissions.RoomFacts> rooms = java.util.Map.of();
    if (!accessToken) {
      java.util.Map<String, TenantId> where = new java.util.LinkedHashMap<>();
      for (String roomId : distinct) {
        lookIn.or(() -> Optional.ofNullable(held.get(roomId))).ifPresent(tenant -> where.put(roomId, tenant));
      }
      rooms = facts.findAll(where);
    }
    java.util.Map<String, RoomTarget> targets = new java.util.LinkedHashMap<>();
    for (String roomId : distinct) {
      if (accessToken) {
        targets.put(roomId, RoomTarget.missing(roomId, Optional.ofNullable(held.get(roomId))
            .orElse(verified.tenant().orElse(TenantId.DEFAULT))));
      } else {
        TenantId tenant = lookIn.or(() -> Optional.ofNullable(held.get(roomId))).orElse(TenantId.DEFAULT);
        dev.gatehouse.permissions.RoomFacts room = rooms.get(roomId);
        targets.put(roomId, room != null ? RoomTarget.of(room) : RoomTarget.missing(roomId, tenant));
      }
    }
    Set<TenantId> tenants = new java.util.LinkedHashSet<>();
    targets.values().forEach(t -> tenants.add(t.tenant()));
    known(caller, tenants); // every room's tenant's cutoff, in one read
    java.util.List<ConnectionCheck.Outcome> outcomes = new java.util.ArrayList<>();
    int allowed = 0;
    for (String roomId : roomIds) {
      RoomTarget target = targets.get(roomId);
      try {
        Decision decision = decide(caller, Action.READ_ROOM, target);
        allowed += decision.allowed() ? 1 : 0;
        outcomes.add(new ConnectionCheck.Outcome(roomId,
            Optional.of(new ConnectionCheck.Result(caller.token(), decision, target.tenant())), Optional.empty()));
      } catch (dev.gatehouse.errors.GatehouseException e) {
        outcomes.add(new ConnectionCheck.Outcome(roomId, Optional.empty(), Optional.of(e)));
      }
    }
    RequestNotes.decision("BULK", allowed + " of " + roomIds.size() + " rooms allowed");
    return outcomes;
  }

  /**
   * The decision for an action on a room (or, for a room not created yet, its id and tenant). A
   * decision that allows is then held to the room's tenant's cutoff (read if it was not yet), so a
   * denial never depends on another tenant's cutoff.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code TOKEN_REVOKED}
   */
  public Decision decide(Caller caller, Action action, RoomTarget target) {
    Decision decision = decideWithGroups(caller, action, target);
    if (decision.allowed()) {
      known(caller, Set.of(target.tenant())).requireValidIn(caller.token(), target.tenant());
    }
    return decision;
  }

  /** The decision for an action on a room as read. */
  public Decision decide(Caller caller, Action action, RoomFacts room) {
    return decide(caller, action, RoomTarget.of(room));
  }

  /**
   * Whether the caller may take this action on this room, for listings that leave out what the
   * caller may not see: a room of a tenant whose cutoff revokes the token is left out, not refused.
   */
  public boolean allows(Caller caller, Action action, RoomFacts room) {
    TenantId tenant = room.tenant();
    return decideWithGroups(caller, action, RoomTarget.of(room)).allowed()
        && !known(caller, Set.of(tenant)).revokesIn(caller.token(), tenant);
  }

  /**
   * The policy's decision, with the caller's stored groups in the room's tenant when they can
   * matter: an ID token, a room in reach (the tenant and team rules passed, so nothing of a room
   * out of reach is read) whose {@code groupsAccesses} name a group the token does not carry and
   * could change the user's access ({@link dev.gatehouse.permissions.RoomAccesses#moreGroupsCouldMatter}).
   * They are read once per tenant per request.
   */
  private Decision decideWithGroups(Caller caller, Action action, RoomTarget target) {
    Principal principal = caller.principal();
    Decision decision = AccessPolicy.decide(principal, action, target, caller.mode());
    if (principal.kind() != TokenKind.ID || target.existing().isEmpty()
        || decision.rule() == Decision.Rule.TENANT_MISMATCH || decision.rule() == Decision.Rule.TEAM_MISMATCH) {
      return decision;
    }
    dev.gatehouse.permissions.RoomAccesses accesses = target.existing().get().accesses();
    if (!accesses.moreGroupsCouldMatter(principal.userId(), principal.groupIds())) {
      return decision; // no group the token lacks, or the user's own entry sets all they could
    }
    Set<String> stored = caller.groups().in(target.tenant(), tenant -> facts.storedGroups(principal.userId(), tenant));
    if (stored.isEmpty() || principal.groupIds().containsAll(stored)) {
      return decision;
    }
    return AccessPolicy.decide(principal.withGroups(stored), action, target, caller.mode());
  }

  /**
   * The teams in which the caller may take this action on any room (for queries, decided before a
   * read), less those whose revocation cutoff revokes the caller's token (their cutoffs read in
   * one request). A role that reaches every tenant is not narrowed: its tenants are not listed.
   */
  public TenantScope scope(Caller caller, Action action) {
    TenantScope scope = AccessPolicy.scope(caller.principal(), action, caller.mode());
    if (scope.anyTenant() || scope.tenants().isEmpty()) {
      return scope;
    }
    Revocation cutoffs = known(caller, scope.tenants());
    Set<TenantId> kept = new java.util.LinkedHashSet<>();
    for (TenantId tenant : scope.tenants()) {
      if (!cutoffs.revokesIn(caller.token(), tenant)) {
        kept.add(tenant);
      }
    }
    return new TenantScope(false, kept);
  }

  /** Whether the caller may see a user who belongs to these teams. */
  public boolean canSeeUser(Caller caller, Set<TenantId> userTeams) {
    return AccessPolicy.canSeeUser(caller.principal(), userTeams, caller.mode());
  }

  /**
   * Token issuing: a deactivated user gets no token, and in multi-tenant mode a token may only
   * name a tenant that is one of the user's teams (a user without teams is not held to this; their
   * tokens reach only rooms without a team). One read of the facts.
   *
   * @throws ForbiddenException {@code USER_DEACTIVATED} or {@code TEAM_ACCESS_DENIED}
   */
  public void requireMayIssue(String userId, Optional<TenantId> tenant) {
    boolean teamsMatter = tenant.isPresent() && facts.mode() == MultiTenantMode.ON;
    AccessFacts.Facts read = facts.read(new AccessFacts.Read(userId, teamsMatter, false, Set.of(), Optional.empty()));
    if (read.revocation().deactivated()) {
      throw new ForbiddenException(ErrorCode.USER_DEACTIVATED, "User \"" + userId + "\" is deactivated.",
          "Reactivate the user with POST /v2/users/{userId}/reactivate before issuing them a token.");
    }
    Membership membership = read.membership();
    if (teamsMatter && !membership.teams().isEmpty() && !membership.teams().contains(tenant.get())) {
      throw new ForbiddenException(ErrorCode.TEAM_ACCESS_DENIED,
          "User \"" + userId + "\" is not a member of team \"" + tenant.get() + "\".",
          "Name one of the user's teams, or add the team to the user with POST /v2/users.");
    }
  }

  /**
   * What {@link #connect} would decide for an ID token issued now to this user with these groups
   * and tenant, explained level by level ({@link Explanation}), with the user's status. The same
   * reads as a connection check (one request), and the stored groups of the room's tenant
   * whenever the room is in reach and has group entries (so that both sources show). Nothing is
   * written, and no token is needed: the caller holds the secret key.
   */
  public Explained explain(String userId, java.util.List<String> groupIds, Optional<TenantId> tenant, String roomId) {
    VerifiedToken asIssued = new VerifiedToken(TokenKind.ID, userId, groupIds, tenant,
        dev.gatehouse.permissions.AccessTokenPermissions.NONE, java.util.Map.of(), "explain", java.time.Instant.EPOCH,
        java.time.Instant.EPOCH, "explain");
    RequestNotes.user(userId);
    Loaded loaded = load(asIssued, Optional.of(roomId), false);
    Caller caller = loaded.caller();
    RoomTarget target = target(asIssued, loaded.lookup().orElseThrow(), loaded.facts());
    RequestNotes.tenant(target.tenant().value());
    Decision first = AccessPolicy.decide(caller.principal(), Action.READ_ROOM, target, caller.mode());
    boolean inReach = first.rule() != Decision.Rule.TENANT_MISMATCH && first.rule() != Decision.Rule.TEAM_MISMATCH;
    Set<String> stored = inReach && target.existing().isPresent()
        && !target.existing().get().accesses().groupsAccesses().isEmpty()
        ? facts.storedGroups(userId, target.tenant()) : Set.of();
    Explanation explanation = Explanation.of(caller.principal(), stored, target, caller.mode());
    Revocation revocation = known(caller, Set.of(target.tenant()));
    RequestNotes.decision(explanation.decision().rule().name(), "explained");
    return new Explained(roomId, explanation, target.tenant(), revocation, caller.principal());
  }

  /**
   * An explanation with what else decides whether the user gets in at all.
   *
   * @param roomId the room asked about
   * @param tenant the room's tenant (where it was found, or looked for)
   * @param revocation the user's status and the cutoffs of the project, the user, and the token's
   *     and room's tenants
   * @param principal the user as a token issued now would carry them (teams and role in
   *     multi-tenant mode)
   */
  public record Explained(String roomId, Explanation explanation, TenantId tenant, Revocation revocation, Principal principal) {
    /**
     * The latest revocation cutoff that applies to the user's tokens for this room (the project's,
     * the user's, the token's tenant's or the room's tenant's): tokens issued before it are refused.
     */
    public Optional<java.time.Instant> cutoff() {
      java.util.List<java.time.Instant> all = new java.util.ArrayList<>();
      revocation.project().ifPresent(all::add);
      revocation.user().ifPresent(all::add);
      principal.tokenTenant().map(revocation.tenants()::get).ifPresent(all::add);
      Optional.ofNullable(revocation.tenants().get(tenant)).ifPresent(all::add);
      return all.stream().max(java.util.Comparator.naturalOrder());
    }
  }

  private static void notedCaller(VerifiedToken verified) {
    RequestNotes.user(verified.userId());
    Actor.identified("user", verified.userId()); // a client route's writes are this user's
    verified.tenant().ifPresent(tenant -> RequestNotes.tenant(tenant.value()));
  }

  private Caller callerOf(VerifiedToken verified) {
    notedCaller(verified);
    return load(verified, Optional.empty()).caller();
  }

  /** A caller with its facts read, and where its room was looked for. */
  private record Loaded(Caller caller, Optional<AccessFacts.RoomLookup> lookup, AccessFacts.Facts facts) {}

  /**
   * Reads a token's facts in one request, planned by the multi-tenant switch as last seen; when
   * the read shows it has changed since (the settings come with the cutoffs), reads once more by
   * the current one. Refuses a token the project's, the user's or its own tenant's cutoff revokes.
   */
  private Loaded load(VerifiedToken verified, Optional<String> roomId) {
    return load(verified, roomId, true);
  }

  private Loaded load(VerifiedToken verified, Optional<String> roomId, boolean refuseRevoked) {
    MultiTenantMode planned = facts.plannedMode();
    for (int attempt = 1; ; attempt++) {
      MultiTenantMode mode = planned;
      Optional<AccessFacts.RoomLookup> lookup = roomId.map(id -> lookup(verified, mode, id));
      // The tenant the token names, or the default one: where a token naming none reaches rooms
      // with multi-tenant mode off, and where a room that does not exist yet would be created.
      Set<TenantId> tenants = Set.of(verified.tenant().orElse(TenantId.DEFAULT));
      AccessFacts.Facts read = facts.read(new AccessFacts.Read(verified.userId(), mode == MultiTenantMode.ON, true, tenants, lookup));
      MultiTenantMode current = read.mode().orElse(mode);
      if (current != mode && attempt == 1) {
        planned = current;
        continue;
      }
      if (refuseRevoked) {
        read.revocation().requireValid(verified);
      }
      Caller caller = new Caller(verified, principal(verified, current, read.membership()), current,
          new Caller.Cutoffs(read.revocation()));
      return new Loaded(caller, lookup, read);
    }
  }

  /** The caller's cutoffs, with those of {@code tenants} read where they were not yet (one request). */
  private Revocation known(Caller caller, Set<TenantId> tenants) {
    Revocation revocation = caller.revocation();
    Set<TenantId> missing = new java.util.LinkedHashSet<>();
    for (TenantId tenant : tenants) {
      if (!revocation.knows(tenant)) {
        missing.add(tenant);
      }
    }
    return missing.isEmpty() ? revocation : caller.cutoffs().learn(facts.revocation(caller.token().userId(), missing), missing);
  }

  private static Principal principal(VerifiedToken verified, MultiTenantMode mode, Membership membership) {
    Principal principal = verified.principal();
    return mode == MultiTenantMode.ON ? principal.withMembership(membership) : principal;
  }

  /** Where the room is looked for: the token's tenant, the default one, or wherever its id is held. */
  private static AccessFacts.RoomLookup lookup(VerifiedToken token, MultiTenantMode mode, String roomId) {
    if (token.kind() == TokenKind.ACCESS) {
      // The patterns decide; only the room's tenant matters (or, for a new room, the token's).
      return new AccessFacts.RoomLookup(roomId, Optional.empty(), false);
    }
    if (token.tenant().isPresent() || mode == MultiTenantMode.OFF) {
      return new AccessFacts.RoomLookup(roomId, Optional.of(token.tenant().orElse(TenantId.DEFAULT)), true);
    }
    return new AccessFacts.RoomLookup(roomId, Optional.empty(), true);
  }

  private static RoomTarget target(VerifiedToken token, AccessFacts.RoomLookup lookup, AccessFacts.Facts read) {
    if (token.kind() == TokenKind.ACCESS) {
      return RoomTarget.missing(lookup.roomId(), read.roomTenant().orElse(token.tenant().orElse(TenantId.DEFAULT)));
    }
    TenantId tenant = lookup.in().or(read::roomTenant).orElse(TenantId.DEFAULT);
    return read.room().map(RoomTarget::of).orElse(RoomTarget.missing(lookup.roomId(), tenant));
  }
}
