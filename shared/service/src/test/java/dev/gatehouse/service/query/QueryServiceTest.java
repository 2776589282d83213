package dev.gatehouse.service.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.Caller;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.access.StoreAccessFacts;
import dev.gatehouse.service.query.QueryService.Query;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.rooms.RoomService;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.service.users.UserInput;
import dev.gatehouse.service.users.UserService;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.User;
import dev.gatehouse.store.memory.MemoryStore;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant-filtered queries on the in-memory store, with real tokens: the caller's teams injected
 * into a filter that names none, a filter reaching another team refused before anything is read,
 * and users shown with only the teams the caller shares.
 */
class QueryServiceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final KeySet keys = KeySet.generate(SigningAlgorithm.ES256, NOW);
  private final JwtTokenIssuer issuer = new JwtTokenIssuer(() -> keys, clock, Duration.ofHours(1), "p");
  private final Repositories store = MemoryStore.open(clock);
  private final SettingsService settings = new SettingsService(store.settings(), clock, Duration.ZERO);
  private final QueryService queries = new QueryService(store.rooms(), store.users(), new AccessCheck(
      new JwtTokenVerifier(keys::publicOnly, clock, Duration.ofSeconds(30), "p", () -> {}),
      new StoreAccessFacts(store.rooms(), store.users(), store.accessReads(), settings, store::groups)), dev.gatehouse.service.limits.Quotas.none());

  @BeforeEach
  void twoTeams() {
    settings.setMultiTenant(true);
    RoomService rooms = new RoomService(store.rooms(), clock);
    rooms.create(new NewRoom("acme-open", List.of("room:read"), Map.of(), Map.of(), Map.of(), Optional.of("acme")), false);
    rooms.create(new NewRoom("acme-closed", List.of(), Map.of(), Map.of(), Map.of(), Optional.of("acme")), false);
    rooms.create(new NewRoom("globex-open", List.of("room:read"), Map.of(), Map.of(), Map.of(), Optional.of("globex")), false);
    new UserService(store.users(), store.accessReads(), clock).upsert(List.of(
        new UserInput("alice", "Alice", null, List.of("acme"), null, null),
        new UserInput("bob", "Bob", null, List.of("acme", "globex"), null, null),
        new UserInput("carol", "Carol", null, List.of("globex"), null, null)));
  }

  private Caller caller(String userId) {
    return queries.caller(issuer.issueIdToken(userId, List.of(), Optional.empty(), Map.of()).token());
  }

  private static Query query(Object filter, FilterParser.Schema schema) {
    return new Query(FilterParser.parse(filter, schema), Ordering.NEWEST_FIRST, 100, Optional.empty());
  }

  @Test
  void aFilterWithoutATeamSearchesTheCallersTeamsAndOnlyRoomsItMayRead() {
    Set<String> ids = queries.roomsFor(caller("alice"), query(Map.of(), FilterParser.ROOMS)).rooms().stream()
        .map(Room::id).collect(Collectors.toSet());
    assertEquals(Set.of("acme-open"), ids, "globex's room is out of reach, acme's closed room is not readable");
  }

  @Test
  void aFilterNamingAnotherTeamIsRefusedWhetherOrNotThatTeamHasRooms() {
    for (String team : List.of("globex", "no-such-team")) {
      ForbiddenException refused = assertThrows(ForbiddenException.class,
          () -> queries.roomsFor(caller("alice"), query(Map.of("team", team), FilterParser.ROOMS)));
      assertEquals(ErrorCode.TEAM_ACCESS_DENIED, refused.errorCode(), team);
    }
  }

  @Test
  void usersAreShownWithOnlyTheTeamsTheCallerShares() {
    List<User> seen = queries.usersFor(caller("alice"), query(Map.of(), FilterParser.USERS)).users();
    Map<String, List<TenantId>> teams = seen.stream().collect(Collectors.toMap(User::id, User::teams));
    assertEquals(Map.of("alice", List.of(new TenantId("acme")), "bob", List.of(new TenantId("acme"))), teams,
        "carol shares no team with alice, and bob's other team is not shown");
  }

  @Test
  void aTeamsConditionOnATeamOutOfReachRevealsNoTeammate() {
    List<User> seen = queries.usersFor(caller("alice"), query(Map.of("teams", Map.of("$in", List.of("globex"))), FilterParser.USERS))
        .users();
    assertEquals(List.of(), seen, "bob is in globex too, but alice cannot learn it");
  }

  @Test
  void theServerSideQuerySeesEveryTeam() {
    Set<String> ids = queries.rooms(query(Map.of(), FilterParser.ROOMS)).rooms().stream().map(Room::id).collect(Collectors.toSet());
    assertEquals(Set.of("acme-open", "acme-closed", "globex-open"), ids);
  }
}
