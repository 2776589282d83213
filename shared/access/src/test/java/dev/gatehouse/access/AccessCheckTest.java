package dev.gatehouse.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The access check on facts held in memory: the connection decisions of every path (what the
 * embeddable ConnectionCheck answers too), tokens that verify but must not open a room, and the
 * reads a decision makes.
 */
class AccessCheckTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final KeySet KEYS = KeySet.generate(SigningAlgorithm.ES256, NOW);
  private final JwtTokenIssuer issuer = new JwtTokenIssuer(() -> KEYS, CLOCK, Duration.ofHours(1), "p");

  /** Rooms and users in memory, counting every read the check makes. */
  private final class Facts implements AccessFacts {
    final Map<String, RoomFacts> rooms = new HashMap<>();
    final Map<String, Membership> users = new HashMap<>();
    final List<String> reads = new ArrayList<>();
    MultiTenantMode mode = MultiTenantMode.OFF;
    Optional<Instant> projectCutoff = Optional.empty();
    final Map<String, Instant> userCutoffs = new HashMap<>();
    final Map<TenantId, Instant> tenantCutoffs = new HashMap<>();
    final Set<String> deactivated = new java.util.HashSet<>();
    /** tenant -> user -> the stored groups listing the user there. */
    final Map<TenantId, Map<String, Set<String>>> groups = new HashMap<>();

    @Override
    public Set<String> storedGroups(String userId, TenantId tenant) {
      reads.add("groups:" + tenant);
      return groups.getOrDefault(tenant, Map.of()).getOrDefault(userId, Set.of());
    }

    @Override
    public Revocation revocation(String userId, Set<TenantId> tenants) {
      Map<TenantId, Instant> cutoffs = new HashMap<>(tenantCutoffs);
      cutoffs.keySet().retainAll(tenants);
      return new Revocation(projectCutoff, Optional.ofNullable(userCutoffs.get(userId)), cutoffs, deactivated.contains(userId));
    }

    @Override
    public Optional<RoomFacts> find(TenantId tenant, String roomId) {
      reads.add("room");
      return Optional.ofNullable(rooms.get(roomId)).filter(r -> r.tenant().equals(tenant));
    }

    @Override
    public Map<String, RoomFacts> findAll(Map<String, TenantId> where) {
      reads.add("findAll");
      Map<String, RoomFacts> found = new HashMap<>();
      where.forEach((id, tenant) -> Optional.ofNullable(rooms.get(id)).filter(r -> r.tenant().equals(tenant))
          .ifPresent(r -> found.put(id, r)));
      return found;
    }

    @Override
    public Optional<TenantId> tenantOf(String roomId) {
      reads.add("tenantOf");
      return Optional.ofNullable(rooms.get(roomId)).map(RoomFacts::tenant);
    }

    @Override
    public Membership membership(String userId) {
      reads.add("membership");
      return users.getOrDefault(userId, Membership.NONE);
    }

    @Override
    public MultiTenantMode mode() {
      return mode;
    }
  }

  private final Facts facts = new Facts();
  private final AccessCheck check = new AccessCheck(
      new JwtTokenVerifier(KEYS::publicOnly, CLOCK, Duration.ofSeconds(30), "p", () -> {}), facts);

  private void room(String id, String tenant, List<String> defaults) {
    facts.rooms.put(id, new RoomFacts(id, new TenantId(tenant), RoomAccesses.parse(defaults, Map.of(), Map.of()), Optional.empty()));
  }

  private String idToken(String user, Optional<TenantId> tenant) {
    return issuer.issueIdToken(user, List.of(), tenant, Map.of()).token();
  }

  private String accessToken(String pattern, Optional<TenantId> tenant) {
    return issuer.issueAccessToken("bob", AccessTokenPermissions.parse(Map.of(pattern, List.of("*:write")), "p"), tenant, Map.of()).token();
  }

  private void groupRoom(String id, String tenant, String group) {
    facts.rooms.put(id, new RoomFacts(id, new TenantId(tenant),
        RoomAccesses.parse(List.of(), Map.of(group, List.of("room:write")), Map.of()), Optional.empty()));
  }

  @Test
  void aStoredMemberOfARoomsGroupEntersAndLeavesWithTheSameToken() {
    TenantId acme = new TenantId("acme");
    groupRoom("r", "acme", "editors");
    String token = idToken("dana", Optional.of(acme));
    assertEquals(Decision.Rule.NO_ROOM_ACCESS, check.connect(token, "r").decision().rule());

    facts.groups.put(acme, Map.of("dana", Set.of("editors")));
    Decision allowed = check.connect(token, "r").decision();
    assertTrue(allowed.allowed(), allowed.reason());
    assertEquals(Decision.Rule.ROOM_ACCESSES, allowed.rule());
    assertTrue(allowed.reason().contains("editors"), allowed.reason());

    facts.groups.put(acme, Map.of());
    assertFalse(check.connect(token, "r").decision().allowed(), "removed: denied at the next check");
  }

  @Test
  void storedGroupsAreReadOnlyForARoomInReachWithGroupsTheTokenLacks() {
    TenantId acme = new TenantId("acme");
    facts.groups.put(new TenantId("globex"), Map.of("dana", Set.of("editors")));
    groupRoom("theirs", "globex", "editors");
    // Multi-tenant mode, a token naming no tenant: the room is found wherever its id is, here in a
    // team the user is not in. Its group entries must not cost a read (timing would tell them).
    facts.mode = MultiTenantMode.ON;
    facts.users.put("dana", new Membership(Set.of(acme), Role.USER, Map.of()));
    facts.reads.clear();
    assertEquals(Decision.Rule.TEAM_MISMATCH, check.connect(idToken("dana", Optional.empty()), "theirs").decision().rule());
    assertFalse(facts.reads.stream().anyMatch(r -> r.startsWith("groups:")), "nothing of another tenant is read: " + facts.reads);
    facts.mode = MultiTenantMode.OFF;

    room("open", "acme", List.of("*:write"));
    facts.reads.clear();
    check.connect(idToken("dana", Optional.of(acme)), "open");
    assertFalse(facts.reads.stream().anyMatch(r -> r.startsWith("groups:")), "a room without group entries reads none");

    groupRoom("mine", "acme", "editors");
    facts.reads.clear();
    String carried = issuer.issueIdToken("dana", List.of("editors"), Optional.of(acme), Map.of()).token();
    assertTrue(check.connect(carried, "mine").decision().allowed());
    assertFalse(facts.reads.stream().anyMatch(r -> r.startsWith("groups:")), "the token carries every group the room names");
  }

  /**
   * The bulk check against the single one, over random rooms (tenant, defaults, group and user
   * entries, stored groups) and random tokens (ID or access, with or without a tenant, carried
   * groups), in both modes: every room's answer must be the single check's, in the order asked.
   */
  @Test
  void theBulkCheckDecidesEveryRoomAsTheSingleCheckDoes() {
    java.util.Random random = new java.util.Random(20261203);
    List<String> tenants = List.of("default", "acme", "globex");
    List<List<String>> defaults = List.of(List.of(), List.of("room:read"), List.of("room:write"), List.of("*:write"));
    for (int round = 0; round < 40; round++) {
      facts.rooms.clear();
      facts.groups.clear();
      facts.mode = random.nextBoolean() ? MultiTenantMode.ON : MultiTenantMode.OFF;
      facts.users.put("dana", new Membership(Set.of(new TenantId(tenants.get(random.nextInt(3)))), Role.USER, Map.of()));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String id = "r" + round + "-" + i;
        Map<String, List<String>> groupEntries = new HashMap<>();
        if (random.nextBoolean()) {
          groupEntries.put("g" + random.nextInt(3), List.of(random.nextBoolean() ? "room:write" : "room:read"));
        }
        Map<String, List<String>> userEntries = random.nextInt(4) == 0 ? Map.of("dana", List.of("room:read")) : Map.of();
        if (random.nextInt(5) > 0) {
          facts.rooms.put(id, new RoomFacts(id, new TenantId(tenants.get(random.nextInt(3))),
              RoomAccesses.parse(defaults.get(random.nextInt(defaults.size())), groupEntries, userEntries), Optional.empty()));
        }
        ids.add(id);
      }
      ids.add(ids.get(0)); // asked twice: answered twice
      TenantId storedIn = new TenantId(tenants.get(random.nextInt(3)));
      facts.groups.put(storedIn, Map.of("dana", Set.of("g" + random.nextInt(3))));
      Optional<TenantId> tenant = random.nextBoolean() ? Optional.empty() : Optional.of(new TenantId(tenants.get(random.nextInt(3))));
      String token = random.nextInt(3) == 0
          ? accessToken("r" + round + "-*", tenant)
          : issuer.issueIdToken("dana", random.nextBoolean() ? List.of("g1") : List.of(), tenant, Map.of()).token();
      List<ConnectionCheck.Outcome> bulk = check.connectAll(token, ids);
      assertEquals(ids.size(), bulk.size());
      for (int i = 0; i < ids.size(); i++) {
        ConnectionCheck.Outcome outcome = bulk.get(i);
        assertEquals(ids.get(i), outcome.roomId());
        Decision single = check.connect(token, ids.get(i)).decision();
        assertEquals(single, outcome.result().orElseThrow().decision(), "round " + round + " room " + ids.get(i));
      }
    }
  }

  @Test
  void theBulkCheckReadsItsRoomsOnce() {
    room("a", "acme", List.of("*:read"));
    room("b", "acme", List.of());
    facts.reads.clear();
    List<ConnectionCheck.Outcome> outcomes =
        check.connectAll(idToken("alice", Optional.of(new TenantId("acme"))), List.of("a", "b", "c"));
    assertEquals(List.of(true, false, false), outcomes.stream().map(o -> o.result().orElseThrow().decision().allowed()).toList());
    assertEquals(List.of("findAll"), facts.reads.stream().filter(r -> !r.startsWith("groups:")).toList());
  }

  @Test
  void aStoredGroupOfAnotherTenantGrantsNothing() {
    groupRoom("r", "acme", "editors");
    facts.groups.put(new TenantId("globex"), Map.of("dana", Set.of("editors")));
    assertFalse(check.connect(idToken("dana", Optional.of(new TenantId("acme"))), "r").decision().allowed());
  }

  @Test
  void anAccessTokenForARoomOutsideItsPatterns() {
    room("design:1", "default", List.of("*:write"));
    Decision decision = check.connect(accessToken("product:*", Optional.empty()), "design:1").decision();
    assertFalse(decision.allowed());
    assertEquals(Decision.Rule.NO_MATCHING_PATTERN, decision.rule());
  }

  @Test
  void aTenantATokenForATenantBRoomNeverNamesTenantB() {
    room("b-room", "tenant-b", List.of("*:write"));
    Optional<TenantId> a = Optional.of(new TenantId("tenant-a"));
    assertFalse(check.connect(idToken("bob", a), "b-room").decision().allowed());
    Decision decision = check.connect(accessToken("*", a), "b-room").decision();
    assertFalse(decision.allowed());
    assertEquals(Decision.Rule.TENANT_MISMATCH, decision.rule());
    assertFalse(decision.reason().contains("tenant-b"), "the other tenant is never named");
  }

  @Test
  void anIdTokenForAPrivateRoomOrNoRoom() {
    room("private", "default", List.of());
    assertEquals(Decision.Rule.NO_ROOM_ACCESS, check.connect(idToken("alice", Optional.empty()), "private").decision().rule());
    assertEquals(Decision.Rule.ROOM_NOT_FOUND, check.connect(idToken("alice", Optional.empty()), "nowhere").decision().rule());
  }

  @Test
  void theRightTokenGetsInWithTheRoomsTenant() {
    room("open", "acme", List.of("*:read"));
    ConnectionCheck.Result result = check.connect(idToken("alice", Optional.of(new TenantId("acme"))), "open");
    assertTrue(result.decision().allowed());
    assertEquals("read", result.decision().access().room().wireName());
    assertEquals(new TenantId("acme"), result.tenant());
  }

  @Test
  void withMultiTenantModeOffNoMembershipIsRead() {
    room("open", "default", List.of("*:read"));
    check.connect(idToken("alice", Optional.empty()), "open");
    assertEquals(List.of("room"), facts.reads);
  }

  @Test
  void inMultiTenantModeTheMembershipIsReadOnceAndDecides() {
    facts.mode = MultiTenantMode.ON;
    room("acme-room", "acme", List.of("*:read"));
    facts.users.put("alice", new Membership(Set.of(new TenantId("other")), Role.USER, Map.of()));
    Decision decision = check.connect(idToken("alice", Optional.empty()), "acme-room").decision();
    assertFalse(decision.allowed(), "a user of another team does not reach acme's room");
    assertEquals(1, facts.reads.stream().filter("membership"::equals).count());
    assertEquals(List.of("membership", "tenantOf", "room"), facts.reads);
  }

  @Test
  void clientRoutesTakeOnlyIdTokens() {
    ForbiddenException refused = assertThrows(ForbiddenException.class, () -> check.clientCaller(accessToken("*", Optional.empty())));
    assertEquals(ErrorCode.ID_TOKEN_REQUIRED, refused.errorCode());
    assertEquals("alice", check.clientCaller(idToken("alice", Optional.empty())).principal().userId());
  }

  @Test
  void aTokenMayOnlyNameOneOfTheUsersTeamsInMultiTenantMode() {
    facts.users.put("alice", new Membership(Set.of(new TenantId("acme")), Role.USER, Map.of()));
    check.requireMayIssue("alice", Optional.of(new TenantId("globex"))); // mode off: not held to it
    facts.mode = MultiTenantMode.ON;
    check.requireMayIssue("alice", Optional.of(new TenantId("acme")));
    check.requireMayIssue("nobody", Optional.of(new TenantId("globex"))); // no teams: not held to it
    ForbiddenException refused = assertThrows(ForbiddenException.class,
        () -> check.requireMayIssue("alice", Optional.of(new TenantId("globex"))));
    assertEquals(ErrorCode.TEAM_ACCESS_DENIED, refused.errorCode());
  }

  @Test
  void theEmbeddableConnectionCheckDecidesAlike() {
    room("private", "default", List.of());
    room("open", "default", List.of("*:write"));
    ConnectionCheck library = new ConnectionCheck(
        new JwtTokenVerifier(KEYS::publicOnly, CLOCK, Duration.ofSeconds(30), "p", () -> {}), facts, facts::membership, facts::mode,
        facts::revocation);
    for (String roomId : List.of("private", "open", "nowhere")) {
      String token = idToken("alice", Optional.empty());
      assertEquals(check.connect(token, roomId).decision(), library.check(token, roomId).decision(), roomId);
    }
  }

  private String idTokenAt(Instant at, String user, Optional<TenantId> tenant) {
    return new JwtTokenIssuer(() -> KEYS, Clock.fixed(at, ZoneOffset.UTC), Duration.ofHours(1), "p")
        .issueIdToken(user, List.of(), tenant, Map.of()).token();
  }

  private static ErrorCode refusal(Runnable call) {
    return assertThrows(dev.gatehouse.errors.GatehouseException.class, call::run).errorCode();
  }

  @Test
  void aTokenIssuedBeforeTheUsersCutoffIsRevokedAndOneIssuedAfterItIsNot() {
    room("open", "default", List.of("*:read"));
    // Both in the same second as the cutoff: iat alone could not tell them apart.
    facts.userCutoffs.put("alice", NOW.minusMillis(500));
    String before = idTokenAt(NOW.minusMillis(700), "alice", Optional.empty());
    String after = idTokenAt(NOW.minusMillis(300), "alice", Optional.empty());
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.connect(before, "open")));
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.caller(before)), "client routes refuse it too");
    assertTrue(check.connect(after, "open").decision().allowed());
    assertTrue(check.connect(idToken("bob", Optional.empty()), "open").decision().allowed(), "another user's tokens stay");
  }

  @Test
  void theProjectsCutoffRevokesEveryonesEarlierTokens() {
    room("open", "default", List.of("*:read"));
    String early = idTokenAt(NOW.minusSeconds(60), "carol", Optional.empty());
    facts.projectCutoff = Optional.of(NOW.minusSeconds(30));
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.connect(early, "open")));
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.connect(accessTokenAt(NOW.minusSeconds(60)), "open")));
    assertTrue(check.connect(idToken("carol", Optional.empty()), "open").decision().allowed());
  }

  private String accessTokenAt(Instant at) {
    return new JwtTokenIssuer(() -> KEYS, Clock.fixed(at, ZoneOffset.UTC), Duration.ofHours(1), "p").issueAccessToken("bob",
        AccessTokenPermissions.parse(Map.of("*", List.of("*:write")), "p"), Optional.empty(), Map.of()).token();
  }

  @Test
  void aTenantsCutoffRevokesTokensNamingItAndTokensEnteringItsRooms() {
    facts.mode = MultiTenantMode.ON;
    TenantId acme = new TenantId("acme");
    room("acme-room", "acme", List.of("*:read"));
    room("globex-room", "globex", List.of("*:read"));
    facts.users.put("dave", new Membership(Set.of(acme), Role.USER, Map.of()));
    String named = idTokenAt(NOW.minusSeconds(60), "dave", Optional.of(acme));
    String unnamed = idTokenAt(NOW.minusSeconds(60), "dave", Optional.empty());
    facts.tenantCutoffs.put(acme, NOW.minusSeconds(30));
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.caller(named)));
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.connect(unnamed, "acme-room")), "entering acme's room");
    check.caller(unnamed); // names no tenant: the token itself still counts
  }

  @Test
  void anotherTenantsCutoffNeverChangesADenial() {
    facts.mode = MultiTenantMode.ON;
    room("globex-room", "globex", List.of("*:read"));
    facts.users.put("erin", new Membership(Set.of(new TenantId("acme")), Role.USER, Map.of()));
    String token = idTokenAt(NOW.minusSeconds(60), "erin", Optional.empty());
    Decision withoutCutoff = check.connect(token, "globex-room").decision();
    facts.tenantCutoffs.put(new TenantId("globex"), NOW.minusSeconds(30));
    assertFalse(withoutCutoff.allowed());
    assertEquals(withoutCutoff, check.connect(token, "globex-room").decision(),
        "globex's cutoff is not globex's answer to a user who cannot enter its rooms");
  }

  @Test
  void aDeactivatedUserGetsNoTokenAndTheirTokensAreRefused() {
    room("open", "default", List.of("*:read"));
    String token = idToken("frank", Optional.empty());
    facts.deactivated.add("frank");
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.connect(token, "open")));
    assertEquals(ErrorCode.USER_DEACTIVATED, refusal(() -> check.requireMayIssue("frank", Optional.empty())));
    facts.deactivated.remove("frank");
    check.requireMayIssue("frank", Optional.empty());
  }

  @Test
  void theEmbeddableConnectionCheckHonoursTheCutoffsItIsGiven() {
    room("open", "default", List.of("*:read"));
    String token = idTokenAt(NOW.minusSeconds(60), "gina", Optional.empty());
    ConnectionCheck library = new ConnectionCheck(
        new JwtTokenVerifier(KEYS::publicOnly, CLOCK, Duration.ofSeconds(30), "p", () -> {}), facts, facts::membership, facts::mode,
        (userId, tenants) -> new Revocation(Optional.empty(), Optional.of(NOW.minusSeconds(1)), Map.of(), false));
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> library.check(token, "open")));
  }

  @Test
  void clientRoutesHoldAnAllowedDecisionToTheRoomsTenantsCutoffAndQueriesLeaveRevokedTeamsOut() {
    facts.mode = MultiTenantMode.ON;
    TenantId acme = new TenantId("acme");
    TenantId globex = new TenantId("globex");
    facts.users.put("hana", new Membership(Set.of(acme, globex), Role.USER, Map.of()));
    String token = idTokenAt(NOW.minusSeconds(60), "hana", Optional.empty());
    facts.tenantCutoffs.put(acme, NOW.minusSeconds(30));
    Caller caller = check.clientCaller(token);
    RoomFacts acmeRoom = new RoomFacts("acme:doc", acme, RoomAccesses.parse(List.of("*:write"), Map.of(), Map.of()), Optional.empty());
    RoomFacts globexRoom = new RoomFacts("globex:doc", globex, RoomAccesses.parse(List.of("*:write"), Map.of(), Map.of()), Optional.empty());
    assertEquals(ErrorCode.TOKEN_REVOKED, refusal(() -> check.decide(caller, dev.gatehouse.permissions.Action.UPDATE_ROOM, acmeRoom)));
    assertTrue(check.decide(caller, dev.gatehouse.permissions.Action.UPDATE_ROOM, globexRoom).allowed());
    assertEquals(Set.of(globex), check.scope(caller, dev.gatehouse.permissions.Action.READ_ROOM).tenants(),
        "a query reaches only the teams whose cutoff spares the token");
  }
}
