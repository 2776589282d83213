package dev.gatehouse.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the permission core, each checked on at least 10,000 generated cases against
 * {@link ReferenceModel}.
 */
class PermissionPropertiesTest {
  private static final int TRIES = 10_000;
  private static final List<String> BASES = List.of("*:read", "*:write", "room:read", "room:write");
  private static final List<String> FEATURES = List.of("storage", "comments", "comments:public", "comments:private", "feeds");
  private static final List<String> LEVELS = List.of("none", "read", "write");
  private static final List<String> USERS = List.of("u1", "u2", "u3");
  private static final List<String> GROUPS = List.of("g1", "g2", "g3", "g4");
  private static final List<String> TENANTS = List.of("default", "t1", "t2", "t3");
  private static final List<String> TEAMS = List.of("t1", "t2", "t3");
  private static final List<String> ROLES = List.of("user", "admin", "global_moderator", "global_admin");
  private static final List<String> ROOM_IDS = List.of("r", "r1", "r12", "r123", "r2", "x1", "");
  private static final List<String> PATTERNS = List.of("*", "r*", "r1", "r1*", "r12", "r12*", "r123", "r2*", "x*", "x1");

  // --- generators --------------------------------------------------------------------------

  /** A valid non-empty list: one base, at most one scope per feature, maybe the no-op, shuffled. */
  @Provide
  Arbitrary<List<String>> permissionList() {
    Arbitrary<String> base = Arbitraries.of(BASES);
    // Each feature scoped or not, drawn independently: drawing map keys would reject duplicates.
    Arbitrary<Map<String, String>> scopes = Arbitraries.of(LEVELS).injectNull(0.5).list().ofSize(FEATURES.size())
        .map(levels -> {
          Map<String, String> map = new LinkedHashMap<>();
          for (int i = 0; i < FEATURES.size(); i++) {
            if (levels.get(i) != null) {
              map.put(FEATURES.get(i), levels.get(i));
            }
          }
          return map;
        });
    Arbitrary<Boolean> presence = Arbitraries.of(true, false);
    return Combinators.combine(base, scopes, presence, Arbitraries.randoms()).as((b, s, p, random) -> {
      List<String> list = new ArrayList<>();
      list.add(b);
      s.forEach((feature, level) -> list.add(feature + ":" + level));
      if (p) {
        list.add("room:presence:write");
      }
      Collections.shuffle(list, random);
      return list;
    });
  }

  @Provide
  Arbitrary<List<String>> defaultAccesses() {
    return Arbitraries.oneOf(Arbitraries.just(List.of()), permissionList());
  }

  /** A map from a random subset of {@code keys} to valid lists: each key is present or not. */
  private Arbitrary<Map<String, List<String>>> entries(List<String> keys) {
    return permissionList().injectNull(0.5).list().ofSize(keys.size()).map(lists -> {
      Map<String, List<String>> map = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        if (lists.get(i) != null) {
          map.put(keys.get(i), lists.get(i));
        }
      }
      return map;
    });
  }

  @Provide
  Arbitrary<Map<String, List<String>>> tokenPermissions() {
    return entries(PATTERNS);
  }

  record Case(
      String kind,
      String userId,
      Set<String> groupIds,
      String tokenTenant,
      Set<String> teams,
      String role,
      Map<String, List<String>> tokenPermissions,
      String roomId,
      String roomTenant,
      boolean exists,
      List<String> defaults,
      Map<String, List<String>> groups,
      Map<String, List<String>> users,
      String createdBy,
      String action,
      boolean multiTenant) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> kind = Arbitraries.of("id", "acc");
    Arbitrary<String> user = Arbitraries.of(USERS);
    Arbitrary<Set<String>> groupIds = Arbitraries.subsetOf(GROUPS);
    Arbitrary<String> tokenTenant = Arbitraries.of(TENANTS).injectNull(0.4);
    Arbitrary<Set<String>> teams = Arbitraries.subsetOf(TEAMS);
    Arbitrary<String> role = Arbitraries.of(ROLES);
    Arbitrary<String> roomId = Arbitraries.of(ROOM_IDS).filter(id -> !id.isEmpty());
    Arbitrary<String> roomTenant = Arbitraries.of(TENANTS);
    Arbitrary<Boolean> exists = Arbitraries.of(true, true, false);
    Arbitrary<String> createdBy = Arbitraries.of(USERS).injectNull(0.5);
    Arbitrary<String> action = Arbitraries.of("READ_ROOM", "CREATE_ROOM", "UPDATE_ROOM", "UPDATE_ROOM_MEMBERS", "DELETE_ROOM");
    Arbitrary<Boolean> multiTenant = Arbitraries.of(true, false);
    Arbitrary<Object[]> principal = Combinators.combine(kind, user, groupIds, tokenTenant, teams, role, tokenPermissions())
        .as((k, u, g, t, tm, r, p) -> new Object[] {k, u, g, t, tm, r, p});
    Arbitrary<Object[]> room = Combinators.combine(roomId, roomTenant, exists, defaultAccesses(), entries(GROUPS), entries(USERS), createdBy)
        .as((id, t, e, d, g, u, c) -> new Object[] {id, t, e, d, g, u, c});
    return Combinators.combine(principal, room, action, multiTenant).as((p, r, a, m) -> new Case(
        (String) p[0], (String) p[1], cast(p[2]), (String) p[3], cast(p[4]), (String) p[5], cast(p[6]),
        (String) r[0], (String) r[1], (Boolean) r[2], cast(r[3]), cast(r[4]), cast(r[5]), (String) r[6], a, m));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  // --- properties --------------------------------------------------------------------------

  @Property(tries = TRIES)
  void overrideOrderMatchesTheReference(
      @ForAll("defaultAccesses") List<String> defaults,
      @ForAll("groupEntries") Map<String, List<String>> groups,
      @ForAll("userEntries") Map<String, List<String>> users,
      @ForAll("user") String userId,
      @ForAll("groupIds") Set<String> groupIds) {
    RoomAccesses accesses = RoomAccesses.parse(defaults, groups, users);
    AccessMatrix actual = accesses.resolve(userId, groupIds).matrix();
    assertEquals(ReferenceModel.forUser(defaults, groups, users, userId, groupIds), actual.toWire());
  }

  /** When more groups could not matter, no superset of the groups changes the resolution. */
  @Property(tries = TRIES)
  void moreGroupsMatterWheneverTheyChangeTheResolution(
      @ForAll("defaultAccesses") List<String> defaults,
      @ForAll("groupEntries") Map<String, List<String>> groups,
      @ForAll("userEntries") Map<String, List<String>> users,
      @ForAll("user") String userId,
      @ForAll("groupIds") Set<String> carried,
      @ForAll("groupIds") Set<String> more) {
    RoomAccesses accesses = RoomAccesses.parse(defaults, groups, users);
    Set<String> all = new LinkedHashSet<>(carried);
    all.addAll(more);
    boolean changes = !accesses.resolve(userId, carried).matrix().equals(accesses.resolve(userId, all).matrix());
    boolean couldMatter = accesses.moreGroupsCouldMatter(userId, carried);
    Statistics.label("could matter / changes").collect(couldMatter + " / " + changes);
    Statistics.label("could matter / changes").coverage(check -> {
      check.check("false / false").count(n -> n > 0);
      check.check("true / true").count(n -> n > 0);
    });
    if (changes) {
      assertTrue(couldMatter, () -> "skipping the stored groups would change the access: " + accesses + " " + carried + " " + more);
    }
  }

  @Provide
  Arbitrary<Map<String, List<String>>> groupEntries() {
    return entries(GROUPS);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> userEntries() {
    return entries(USERS);
  }

  @Provide
  Arbitrary<String> user() {
    return Arbitraries.of(USERS);
  }

  @Provide
  Arbitrary<Set<String>> groupIds() {
    return Arbitraries.subsetOf(GROUPS);
  }

  @Property(tries = TRIES)
  void patternSpecificityMatchesTheReference(
      @ForAll("tokenPermissions") Map<String, List<String>> permissions,
      @ForAll("roomIds") String roomId) {
    Optional<AccessTokenPermissions.Resolution> actual =
        AccessTokenPermissions.parse(permissions, "permissions").resolve(roomId);
    Optional<Map<String, String>> expected = ReferenceModel.forToken(permissions, roomId);
    assertEquals(expected, actual.map(r -> r.matrix().toWire()));
  }

  @Provide
  Arbitrary<String> roomIds() {
    return Arbitraries.of(ROOM_IDS).filter(id -> !id.isEmpty());
  }

  @Property(tries = TRIES)
  void noPrincipalEverReachesARoomOfAnotherTenant(@ForAll("cases") Case c) {
    Decision decision = decide(c);
    Statistics.label("allowed").collect(decision.allowed());
    Statistics.label("allowed").coverage(check -> check.check(true).percentage(p -> p > 10));
    if (!decision.allowed()) {
      return;
    }
    if (c.tokenTenant() != null) {
      assertEquals(c.tokenTenant(), c.roomTenant(), "a tenant token left its tenant: " + decision);
    } else if (!c.multiTenant()) {
      assertEquals("default", c.roomTenant(), "a tenantless token reached a tenant: " + decision);
    } else {
      Set<String> memberOf = c.teams().isEmpty() ? Set.of("default") : c.teams();
      boolean global = c.role().startsWith("global_");
      assertTrue(memberOf.contains(c.roomTenant()) || global, "a team member left their teams: " + decision);
    }
  }

  @Property(tries = TRIES)
  void everyDecisionMatchesTheReference(@ForAll("cases") Case c) {
    Decision decision = decide(c);
    boolean owner = c.exists() && c.userId().equals(c.createdBy());
    boolean reaches = ReferenceModel.reaches(
        c.tokenTenant(), c.teams(), c.role(), c.action(), c.roomTenant(), owner, c.multiTenant());
    Map<String, String> access = referenceAccess(c);
    boolean expected = reaches && switch (c.action()) {
      case "CREATE_ROOM" -> true;
      case "READ_ROOM" -> !access.get("room").equals("none");
      default -> c.exists()
          && (ReferenceModel.roleManages(c.role(), c.action()) || owner || access.get("room").equals("write"));
    };
    assertEquals(expected, decision.allowed(), decision::toString);
    Statistics.label("rule").collect(decision.rule());
    Statistics.label("rule").coverage(check -> {
      for (Decision.Rule rule : Decision.Rule.values()) {
        check.check(rule).count(n -> n > 0);
      }
    });
    if (expected && c.action().equals("READ_ROOM")) {
      assertEquals(access, decision.access().toWire());
    }
  }

  @Property(tries = TRIES)
  void normalisingAListIsIdempotent(@ForAll("permissionList") List<String> list) {
    PermissionList parsed = PermissionList.parseNonEmpty(list, "list");
    List<String> once = parsed.canonical();
    PermissionList reparsed = PermissionList.parseNonEmpty(once, "list");
    assertEquals(once, reparsed.canonical());
    assertEquals(parsed.matrix(), reparsed.matrix(), "normalising must not change the access");
  }

  @Property(tries = TRIES)
  void scopeAgreesWithTheDecision(@ForAll("cases") Case c) {
    Principal principal = principal(c);
    TenantId tenant = new TenantId(c.roomTenant());
    MultiTenantMode mode = MultiTenantMode.of(c.multiTenant());
    boolean inScope = AccessPolicy.scope(principal, Action.CREATE_ROOM, mode).includes(tenant);
    boolean mayCreate = AccessPolicy.decide(
        principal, Action.CREATE_ROOM, RoomTarget.missing(c.roomId(), tenant), mode).allowed();
    assertEquals(mayCreate, inScope);
  }

  /**
   * An explanation replays to its decision: the levels it lists, and only those, resolve to the
   * decision's access; its groups are exactly the room's entries the user has (token or stored);
   * a room out of reach shows the tenant level alone.
   */
  @Property(tries = TRIES)
  void explanationsReplayToTheirDecision(@ForAll("cases") Case c, @ForAll("groupIds") Set<String> stored) {
    if (!c.kind().equals("id")) {
      return;
    }
    TenantId tenant = new TenantId(c.roomTenant());
    RoomTarget target = c.exists()
        ? RoomTarget.of(new RoomFacts(c.roomId(), tenant, RoomAccesses.parse(c.defaults(), c.groups(), c.users()),
            Optional.ofNullable(c.createdBy())))
        : RoomTarget.missing(c.roomId(), tenant);
    MultiTenantMode mode = MultiTenantMode.of(c.multiTenant());
    Principal principal = principal(c);
    Explanation explanation = Explanation.of(principal, stored, target, mode);
    assertEquals(AccessPolicy.decide(principal.withGroups(stored), Action.READ_ROOM, target, mode), explanation.decision());
    assertEquals(Explanation.Kind.TENANT, explanation.levels().get(0).kind());
    Decision.Rule rule = explanation.decision().rule();
    Statistics.label("explained").collect(rule);
    Statistics.label("explained").coverage(check -> {
      check.check(Decision.Rule.ROOM_ACCESSES).count(n -> n > 0);
      check.check(Decision.Rule.NO_ROOM_ACCESS).count(n -> n > 0);
    });
    if (rule == Decision.Rule.TENANT_MISMATCH || rule == Decision.Rule.TEAM_MISMATCH || !c.exists()) {
      assertEquals(1, explanation.levels().size(), explanation::toString);
      return;
    }
    List<String> defaults = List.of();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (Explanation.Level level : explanation.levels().subList(1, explanation.levels().size())) {
      switch (level.kind()) {
        case DEFAULT_ACCESSES -> defaults = level.permissions().values();
        case GROUP -> groups.put(level.id().orElseThrow(), level.permissions().values());
        case USER -> users.put(level.id().orElseThrow(), level.permissions().values());
        case TENANT -> throw new AssertionError("one tenant level");
      }
    }
    Set<String> has = new LinkedHashSet<>(c.groupIds());
    has.addAll(stored);
    Set<String> expectedGroups = new LinkedHashSet<>(c.groups().keySet());
    expectedGroups.retainAll(has);
    assertEquals(expectedGroups, groups.keySet());
    AccessMatrix replayed = RoomAccesses.parse(defaults, groups, users).resolve(c.userId(), groups.keySet()).matrix();
    if (explanation.decision().allowed()) {
      assertEquals(explanation.decision().access(), replayed);
    } else {
      assertTrue(!replayed.canEnter(), explanation::toString);
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private static Map<String, String> referenceAccess(Case c) {
    if (c.kind().equals("acc")) {
      return ReferenceModel.forToken(c.tokenPermissions(), c.roomId())
          .orElseGet(() -> ReferenceModel.complete(Map.of()));
    }
    if (!c.exists()) {
      return ReferenceModel.complete(Map.of());
    }
    return ReferenceModel.forUser(c.defaults(), c.groups(), c.users(), c.userId(), c.groupIds());
  }

  private static Principal principal(Case c) {
    Optional<TenantId> tenant = Optional.ofNullable(c.tokenTenant()).map(TenantId::new);
    Principal p = c.kind().equals("acc")
        ? Principal.ofAccessToken(c.userId(), AccessTokenPermissions.parse(c.tokenPermissions(), "permissions"), tenant)
        : Principal.ofIdToken(c.userId(), c.groupIds(), tenant);
    Set<TenantId> teams = new LinkedHashSet<>();
    c.teams().forEach(t -> teams.add(new TenantId(t)));
    return p.withMembership(teams, Role.parse(c.role(), "role"));
  }

  private static Decision decide(Case c) {
    TenantId tenant = new TenantId(c.roomTenant());
    RoomTarget target = c.exists()
        ? RoomTarget.of(new RoomFacts(c.roomId(), tenant, RoomAccesses.parse(c.defaults(), c.groups(), c.users()),
            Optional.ofNullable(c.createdBy())))
        : RoomTarget.missing(c.roomId(), tenant);
    return AccessPolicy.decide(principal(c), Action.valueOf(c.action()), target, MultiTenantMode.of(c.multiTenant()));
  }

}
