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

    @Override
    public Optional<RoomFacts> find(TenantId tenant, String roomId) {
      reads.add("room");
      return Optional.ofNullable(rooms.get(roomId)).filter(r -> r.tenant().equals(tenant));
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
    check.requireMemberOf("alice", Optional.of(new TenantId("globex"))); // mode off: not held to it
    facts.mode = MultiTenantMode.ON;
    check.requireMemberOf("alice", Optional.of(new TenantId("acme")));
    check.requireMemberOf("nobody", Optional.of(new TenantId("globex"))); // no teams: not held to it
    ForbiddenException refused = assertThrows(ForbiddenException.class,
        () -> check.requireMemberOf("alice", Optional.of(new TenantId("globex"))));
    assertEquals(ErrorCode.TEAM_ACCESS_DENIED, refused.errorCode());
  }

  @Test
  void theEmbeddableConnectionCheckDecidesAlike() {
    room("private", "default", List.of());
    room("open", "default", List.of("*:write"));
    ConnectionCheck library = new ConnectionCheck(
        new JwtTokenVerifier(KEYS::publicOnly, CLOCK, Duration.ofSeconds(30), "p", () -> {}), facts, facts::membership, facts::mode);
    for (String roomId : List.of("private", "open", "nowhere")) {
      String token = idToken("alice", Optional.empty());
      assertEquals(check.connect(token, roomId).decision(), library.check(token, roomId).decision(), roomId);
    }
  }
}
