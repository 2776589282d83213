package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.permissions.ReferenceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A randomized isolation test, end to end: many tenants, users, rooms and tokens, in multi-tenant
 * mode; every connection check and every client-side room and user query is compared with the
 * permission module's reference model (a separate, naive restatement of the rules). Any room or
 * user returned outside the caller's reach is a leak; there must be none.
 */
class TenantIsolationIT {
  private static final List<String> TEAMS = List.of("t1", "t2", "t3", "t4");
  private static final List<String> GROUPS = List.of("g1", "g2");
  private static final List<String> BASES = List.of("*:read", "*:write");
  private static final List<String> ROLES = List.of("user", "user", "user", "admin", "global_moderator", "global_admin");

  record Room(String id, String tenant, List<String> defaults, Map<String, List<String>> groups, Map<String, List<String>> users) {}

  record Person(String id, List<String> teams, String role) {
    Set<String> teamsOrDefault() {
      return teams.isEmpty() ? Set.of("default") : Set.copyOf(teams);
    }
  }

  record Token(String token, Person person, String kind, String tenant, List<String> groups, Map<String, List<String>> perms) {}

  @Test
  void noClientQueryOrConnectionCheckLeavesTheCallersReach() throws Exception {
    long seed = Long.getLong("isolation.seed", 20261122L);
    Random random = new Random(seed);
    String key = "sk_isolation_it_0123456789abcdef";
    try (LocalGatehouse local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(key), List.of());
         LocalServer server = LocalServer.start(local, "127.0.0.1", 0)) {
      Api api = new Api(server.baseUri(), key);
      assertEquals(200, api.server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());

      List<Person> people = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        List<String> teams = new ArrayList<>();
        for (String team : TEAMS) {
          if (random.nextInt(3) == 0) {
            teams.add(team);
          }
        }
        people.add(new Person("u" + i, teams, ROLES.get(random.nextInt(ROLES.size()))));
      }
      List<Map<String, Object>> upserts = people.stream().map(p -> Map.<String, Object>of("id", p.id(), "teams", p.teams(), "role", p.role())).toList();
      assertEquals(200, api.server("POST", "/v2/users", Map.of("users", upserts)).status());

      List<Room> rooms = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String tenant = random.nextInt(5) == 0 ? "default" : TEAMS.get(random.nextInt(TEAMS.size()));
        Map<String, List<String>> users = new LinkedHashMap<>();
        for (Person p : people) {
          if (random.nextInt(6) == 0) {
            users.put(p.id(), list(random));
          }
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String g : GROUPS) {
          if (random.nextInt(4) == 0) {
            groups.put(g, list(random));
          }
        }
        Room room = new Room("r" + i, tenant, random.nextBoolean() ? List.of() : list(random), groups, users);
        rooms.add(room);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", room.id());
        body.put("defaultAccesses", room.defaults());
        body.put("groupsAccesses", room.groups());
        body.put("usersAccesses", room.users());
        body.put("organizationId", tenant);
        assertEquals(200, api.server("POST", "/v2/rooms", body).status());
      }

      List<Token> tokens = new ArrayList<>();
      for (Person p : people) {
        List<String> groups = random.nextBoolean() ? List.of("g1") : List.of();
        tokens.add(idToken(api, p, null, groups));
        if (!p.teams().isEmpty()) {
          tokens.add(idToken(api, p, p.teams().get(random.nextInt(p.teams().size())), groups));
        }
        Map<String, List<String>> perms = Map.of(random.nextBoolean() ? "r1*" : "*", List.of("*:read"));
        String tenant = p.teams().isEmpty() ? null : p.teams().getFirst();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", p.id());
        body.put("permissions", perms);
        if (tenant != null) {
          body.put("organizationId", tenant);
        }
        tokens.add(new Token(api.server("POST", "/v2/authorize-user", body).body().get("token").asText(), p, "acc", tenant, List.of(), perms));
      }

      int checks = 0;
      int allowed = 0;
      int leaksLookedFor = 0;
      for (Token t : tokens) {
        for (Room room : rooms) {
          Api.Reply reply = api.server("POST", "/v2/authorize-connection", Map.of("token", t.token(), "roomId", room.id()));
          Optional<Map<String, String>> expected = expectedAccess(t, room);
          checks++;
          String what = t.person() + " " + t.kind() + "@" + t.tenant() + " -> " + room;
          if (expected.isPresent()) {
            allowed++;
            assertEquals(200, reply.status(), what + ": " + reply.body());
            assertEquals(expected.get(), Api.JSON.convertValue(reply.body().get("permissions"), Map.class), what);
          } else {
            assertEquals(403, reply.status(), what + ": " + reply.body());
          }
        }
        if (!t.kind().equals("id")) {
          continue;
        }
        // Client room query without a team: the caller's own reach, rooms they may read.
        Set<String> own = own(t);
        Set<String> expectedRooms = new TreeSet<>();
        for (Room room : rooms) {
          if (own.contains(room.tenant()) && readable(t, room)) {
            expectedRooms.add(room.id());
          }
        }
        assertEquals(expectedRooms, new TreeSet<>(allIds(api, t.token(), "/v2/c/rooms/query", Map.of())), "rooms for " + t);
        leaksLookedFor += expectedRooms.size();
        // All teams: decided from the caller's scope alone, never from which rooms exist (a 403
        // unless the caller may read every team), else every readable room.
        boolean everyTeam = t.tenant() == null && ReferenceModel.crossTeamGrant(t.person().role(), "READ_ROOM", false);
        Api.Reply all = api.as(t.token(), "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", Map.of()), "limit", 100));
        if (!everyTeam) {
          assertEquals(403, all.status(), "all teams for " + t);
        } else {
          Set<String> readable = new TreeSet<>();
          rooms.stream().filter(r -> readable(t, r)).forEach(r -> readable.add(r.id()));
          assertEquals(readable, new TreeSet<>(all.ids()));
        }
        // Client user query without teams: users sharing the caller's own teams.
        Set<String> expectedUsers = new TreeSet<>();
        for (Person p : people) {
          if (p.teamsOrDefault().stream().anyMatch(own::contains)) {
            expectedUsers.add(p.id());
          }
        }
        assertEquals(expectedUsers, new TreeSet<>(allIds(api, t.token(), "/v2/c/users/query", Map.of())), "users for " + t);
        // All teams: users the caller may see, everyone for a search-any-team role.
        boolean searchAny = ReferenceModel.crossTeamGrant(t.person().role(), "SEARCH_USERS", false) && t.tenant() == null;
        Set<String> visible = new TreeSet<>();
        for (Person p : people) {
          if (searchAny || p.teamsOrDefault().stream().anyMatch(own::contains)) {
            visible.add(p.id());
          }
        }
        assertEquals(visible, new TreeSet<>(allIds(api, t.token(), "/v2/c/users/query", Map.of("teams", Map.of()))), "all users for " + t);
      }
      assertTrue(checks >= 500, "checks " + checks);
      assertTrue(allowed > 20 && allowed < checks - 20, "both outcomes exercised: " + allowed + " of " + checks);
      assertTrue(leaksLookedFor > 5, "queries returned rooms to check");
    }
  }

  private static Token idToken(Api api, Person p, String tenant, List<String> groups) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("userId", p.id());
    body.put("groupIds", groups);
    if (tenant != null) {
      body.put("organizationId", tenant);
    }
    Api.Reply reply = api.server("POST", "/v2/identify-user", body);
    assertEquals(200, reply.status(), reply.toString());
    return new Token(reply.body().get("token").asText(), p, "id", tenant, groups, Map.of());
  }

  private static List<String> list(Random random) {
    List<String> list = new ArrayList<>(List.of(BASES.get(random.nextInt(2))));
    if (random.nextBoolean()) {
      list.add(random.nextBoolean() ? "storage:none" : "comments:write");
    }
    return list;
  }

  /** The tenant and team gates of the reference model, for reading a room. */
  private static boolean reaches(Token t, String roomTenant) {
    return ReferenceModel.reaches(t.tenant(), Set.copyOf(t.person().teams()), t.person().role(), "READ_ROOM", roomTenant, false, true);
  }

  private static boolean readable(Token t, Room room) {
    return reaches(t, room.tenant())
        && !ReferenceModel.forUser(room.defaults(), room.groups(), room.users(), t.person().id(), Set.copyOf(t.groups())).get("room").equals("none");
  }

  /** What the reference model says a token gets in a room, if anything. */
  private static Optional<Map<String, String>> expectedAccess(Token t, Room room) {
    if (!reaches(t, room.tenant())) {
      return Optional.empty();
    }
    Map<String, String> access = t.kind().equals("acc")
        ? ReferenceModel.forToken(t.perms(), room.id()).orElse(ReferenceModel.complete(Map.of()))
        : ReferenceModel.forUser(room.defaults(), room.groups(), room.users(), t.person().id(), Set.copyOf(t.groups()));
    return access.get("room").equals("none") ? Optional.empty() : Optional.of(access);
  }

  /** The teams a caller's default search covers: their teams (or none), narrowed by the token's tenant. */
  private static Set<String> own(Token t) {
    Set<String> teams = t.person().teamsOrDefault();
    if (t.tenant() != null) {
      return teams.contains(t.tenant()) ? Set.of(t.tenant()) : Set.of();
    }
    return new LinkedHashSet<>(teams);
  }

  private static List<String> allIds(Api api, String token, String path, Map<String, Object> filter) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("filter", filter);
      body.put("limit", 7);
      if (cursor != null) {
        body.put("startingAfter", cursor);
      }
      Api.Reply reply = api.as(token, "POST", path, body);
      assertEquals(200, reply.status(), path + " " + reply.body());
      ids.addAll(reply.ids());
      JsonNode next = reply.body().get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asText();
    } while (cursor != null);
    return ids;
  }
}
