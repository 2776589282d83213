package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every example of the Stream multi-tenant seeds (Chat and Video), over HTTP against the local
 * server: teams red and blue, users without teams, {@code {team: {}}}, {@code $eq: null},
 * server-side unfiltered queries, a blue user deleting in a red room, and the differences between
 * global_moderator and global_admin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamSeedsIT {
  private static LocalGatehouse local;
  private static LocalServer server;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    String key = "sk_stream_seeds_it_0123456789";
    local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(key), List.of());
    server = LocalServer.start(local, "127.0.0.1", 0);
    api = new Api(server.baseUri(), key);

    // Seed: "client.upsertUser({ id, teams: ['red', 'blue'] })" and friends.
    Api.Reply users = api.server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "jordan-rb", "name", "Jordan", "teams", List.of("red", "blue")),
        Map.of("id", "jordan-red", "name", "Jordan Red", "teams", List.of("red")),
        Map.of("id", "jordan-green", "name", "Jordan", "teams", List.of("green")),
        Map.of("id", "nick-red", "name", "Nick", "teams", List.of("red")),
        Map.of("id", "nick-green", "name", "Nick", "teams", List.of("green")),
        Map.of("id", "tom-none", "name", "Tom"),
        Map.of("id", "tom-red", "name", "Tom", "teams", List.of("red")),
        Map.of("id", "blue-user", "name", "Bea", "teams", List.of("blue")),
        Map.of("id", "moderator", "name", "Mo", "role", "global_moderator", "teams", List.of("blue")),
        Map.of("id", "admin", "name", "Ada", "role", "global_admin", "teams", List.of("blue")))));
    assertEquals(200, users.status(), users.toString());
    assertEquals(0, users.body().get("notWritten").size());

    // Rooms (Stream's channels): team rooms, and one without a team.
    room("red-general", "red", List.of("*:write"));
    room("red-private", "red", List.of());
    room("blue-general", "blue", List.of("*:write"));
    room("green-general", "green", List.of("*:read"));
    room("lobby", null, List.of("*:read"));
  }

  private static void room(String id, String team, List<String> defaults) {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("id", id);
    body.put("defaultAccesses", defaults);
    if (team != null) {
      body.put("organizationId", team);
    }
    assertEquals(200, api.server("POST", "/v2/rooms", body).status());
  }

  @AfterAll
  static void stop() {
    server.close();
    local.close();
  }

  private static Set<String> set(List<String> ids) {
    return new TreeSet<>(ids);
  }

  @Test
  @Order(1)
  void multiTenantModeIsOffByDefaultAndSwitchesOn() {
    Api.Reply settings = api.server("GET", "/v2/settings", null);
    assertEquals(200, settings.status());
    assertFalse(settings.body().get("multiTenantEnabled").asBoolean());
    Api.Reply on = api.server("POST", "/v2/settings", Map.of("multiTenantEnabled", true));
    assertTrue(on.body().get("multiTenantEnabled").asBoolean());
    assertFalse(on.body().has("warning"));
  }

  @Test
  @Order(2)
  void userSearchStaysInTheCallersTeams() {
    String jordan = api.idToken("jordan-rb", null);
    // "search for users with name Jordan that are part of the same team as authorized user"
    Api.Reply sameTeam = api.as(jordan, "POST", "/v2/c/users/query", Map.of("filter", Map.of("name", Map.of("$eq", "Jordan"))));
    assertEquals(200, sameTeam.status(), sameTeam.toString());
    assertEquals(Set.of("jordan-rb"), set(sameTeam.ids()), "jordan-green is in another team");
    // "search for users with name Nick in all teams": users the caller may not see are left out.
    Api.Reply allTeams = api.as(jordan, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("$and", List.of(Map.of("name", Map.of("$eq", "Nick")), Map.of("teams", Map.of())))));
    assertEquals(200, allTeams.status());
    assertEquals(Set.of("nick-red"), set(allTeams.ids()));
    // "search for users with name Nick in subset of teams"
    Api.Reply subset = api.as(jordan, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("$and", List.of(Map.of("name", Map.of("$eq", "Nick")), Map.of("teams", Map.of("$in", List.of("red", "blue")))))));
    assertEquals(Set.of("nick-red"), set(subset.ids()));
    // "search for users with name Tom that don't have any team assigned": not visible to a team member.
    Map<String, Object> noTeam = new java.util.LinkedHashMap<>();
    noTeam.put("$eq", null);
    Api.Reply tom = api.as(jordan, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("$and", List.of(Map.of("name", Map.of("$eq", "Tom")), Map.of("teams", noTeam)))));
    assertEquals(Set.of(), set(tom.ids()));
    // A user without teams sees only users without teams.
    String tomToken = api.idToken("tom-none", null);
    Api.Reply fromTom = api.as(tomToken, "POST", "/v2/c/users/query", Map.of("filter", Map.of("name", Map.of("$eq", "Tom"))));
    assertEquals(Set.of("tom-none"), set(fromTom.ids()));
    // "Search for users with the name Jordan that are part of the red team"
    Api.Reply red = api.as(jordan, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("$and", List.of(Map.of("name", Map.of("$autocomplete", "jord")), Map.of("teams", Map.of("$eq", "red"))))));
    assertEquals(Set.of("jordan-rb", "jordan-red"), set(red.ids()));
  }

  @Test
  @Order(3)
  void searchUserAnyTeamLetsAGlobalModeratorSeeEveryTeam() {
    String mo = api.idToken("moderator", null);
    Api.Reply all = api.as(mo, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("$and", List.of(Map.of("name", Map.of("$eq", "Nick")), Map.of("teams", Map.of())))));
    assertEquals(Set.of("nick-red", "nick-green"), set(all.ids()));
  }

  @Test
  @Order(4)
  void serverSideQueriesSearchAllTeamsImplicitly() {
    // "Server side usage, it searches all teams implicitly"
    Api.Reply nick = api.server("POST", "/v2/users/query", Map.of("filter", Map.of("name", Map.of("$eq", "Nick"))));
    assertEquals(Set.of("nick-red", "nick-green"), set(nick.ids()));
    Map<String, Object> none = new java.util.LinkedHashMap<>();
    none.put("teams", null);
    none.put("name", "Tom");
    Api.Reply tomNoTeam = api.server("POST", "/v2/users/query", Map.of("filter", none));
    assertEquals(Set.of("tom-none"), set(tomNoTeam.ids()), "video seed: teams: null");
    Api.Reply byTeams = api.server("POST", "/v2/users/query", Map.of("filter", Map.of("name", "Nick", "teams", Map.of("$in", List.of("red", "blue")))));
    assertEquals(Set.of("nick-red"), set(byTeams.ids()));
    Api.Reply rooms = api.server("POST", "/v2/rooms/query", Map.of("filter", Map.of()));
    assertTrue(set(rooms.ids()).containsAll(Set.of("red-general", "red-private", "blue-general", "green-general", "lobby")));
  }

  @Test
  @Order(5)
  void queryChannelsStaysInTheCallersTeams() {
    String jordan = api.idToken("jordan-rb", null);
    // "query all channels from teams that user is a part of"; red-private has no entry for jordan.
    Api.Reply own = api.as(jordan, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of()));
    assertEquals(200, own.status(), own.toString());
    assertEquals(Set.of("red-general", "blue-general"), set(own.ids()));
    // "query all channels from all teams": green rooms and the team-less lobby are out of reach.
    Api.Reply all = api.as(jordan, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", Map.of())));
    assertEquals(403, all.status());
    assertEquals("TEAM_ACCESS_DENIED", all.error());
    // "query all channels with no teams" is out of reach for a team member ...
    Map<String, Object> noTeam = new java.util.LinkedHashMap<>();
    noTeam.put("team", null);
    Map<String, Object> eqNull = new java.util.HashMap<>();
    eqNull.put("$eq", null);
    Api.Reply none = api.as(jordan, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", eqNull)));
    assertEquals(403, none.status());
    // ... and exactly what a user without teams gets.
    String tom = api.idToken("tom-none", null);
    Api.Reply tomRooms = api.as(tom, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of()));
    assertEquals(Set.of("lobby"), set(tomRooms.ids()));
    Api.Reply tomNull = api.as(tom, "POST", "/v2/c/rooms/query", Map.of("filter", noTeam));
    assertEquals(Set.of("lobby"), set(tomNull.ids()), "video seed: team: null");
    // Video seed: "Calls with specific team".
    Api.Reply blue = api.as(jordan, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", "blue")));
    assertEquals(Set.of("blue-general"), set(blue.ids()));
    // A token that names red narrows a red and blue user to red.
    String redOnly = api.idToken("jordan-rb", "red");
    assertEquals(Set.of("red-general"), set(api.as(redOnly, "POST", "/v2/c/rooms/query", Map.of()).ids()));
    assertEquals(403, api.as(redOnly, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", "blue"))).status());
  }

  @Test
  @Order(6)
  void readChannelAnyTeamLetsGlobalRolesQueryAllTeams() {
    String mo = api.idToken("moderator", null);
    Api.Reply all = api.as(mo, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", Map.of())));
    assertEquals(200, all.status(), all.toString());
    // Every room the moderator's accesses let it read, in every team; red-private stays hidden.
    assertEquals(Set.of("red-general", "blue-general", "green-general", "lobby"), set(all.ids()));
  }

  @Test
  @Order(7)
  void creatingChannelsNeedsOneOfTheCallersTeams() {
    String jordan = api.idToken("jordan-rb", null);
    // "Creates the red-general channel for the red team" (here: red-team-2).
    Api.Reply created = api.as(jordan, "POST", "/v2/c/rooms", Map.of("id", "red-team-2", "team", "red"));
    assertEquals(200, created.status(), created.toString());
    assertEquals("red", created.body().get("organizationId").asText());
    assertEquals(List.of(), Api.JSON.convertValue(created.body().get("defaultAccesses"), List.class), "private by default");
    assertEquals("*:write", created.body().get("usersAccesses").get("jordan-rb").get(0).asText(), "the creator can write");
    // "if their user is part of a team, they will have to specify a team or the request will be rejected"
    Api.Reply noTeam = api.as(jordan, "POST", "/v2/c/rooms", Map.of("id", "teamless-try"));
    assertEquals(400, noTeam.status());
    assertEquals("MISSING_TEAM", noTeam.error());
    Api.Reply otherTeam = api.as(jordan, "POST", "/v2/c/rooms", Map.of("id", "green-try", "organizationId", "green"));
    assertEquals(403, otherTeam.status());
    assertEquals(404, api.server("GET", "/v2/rooms/green-try", null).status(), "nothing written");
    assertEquals(404, api.server("GET", "/v2/rooms/teamless-try", null).status());
    // A user without teams creates rooms without a team.
    String tom = api.idToken("tom-none", null);
    Api.Reply tomRoom = api.as(tom, "POST", "/v2/c/rooms", Map.of("id", "tom-room", "defaultAccesses", List.of("*:read")));
    assertEquals("default", tomRoom.body().get("organizationId").asText());
  }

  @Test
  @Order(8)
  void aBlueUserDeletingInARedRoomGetsAnError() {
    String blue = api.idToken("blue-user", null);
    Api.Reply delete = api.as(blue, "DELETE", "/v2/c/rooms/red-general", null);
    assertEquals(403, delete.status());
    assertTrue(delete.body().get("message").asText().contains("TEAM_MISMATCH"));
    assertEquals(200, api.server("GET", "/v2/rooms/red-general", null).status(), "the room is still there");
    Api.Reply update = api.as(blue, "POST", "/v2/c/rooms/red-general", Map.of("metadata", Map.of("x", "y")));
    assertEquals(403, update.status());
  }

  @Test
  @Order(9)
  void globalModeratorAndGlobalAdminDiffer() {
    String mo = api.idToken("moderator", null);
    String ada = api.idToken("admin", null);
    // update-channel-members-any-team: both.
    Api.Reply members = api.as(mo, "POST", "/v2/c/rooms/red-general", Map.of("usersAccesses", Map.of("guest", List.of("*:read"))));
    assertEquals(200, members.status(), members.toString());
    // delete-channel-any-team: admin only.
    Api.Reply moDelete = api.as(mo, "DELETE", "/v2/c/rooms/green-general", null);
    assertEquals(403, moDelete.status());
    assertEquals(204, api.as(ada, "DELETE", "/v2/c/rooms/green-general", null).status());
    assertEquals(404, api.server("GET", "/v2/rooms/green-general", null).status());
    // delete-channel-owner-any-team: the moderator may delete a room it created in another team.
    Api.Reply own = api.as(mo, "POST", "/v2/c/rooms", Map.of("id", "mo-in-red", "team", "red"));
    assertEquals(200, own.status(), "create-channel-any-team");
    assertEquals(204, api.as(mo, "DELETE", "/v2/c/rooms/mo-in-red", null).status());
  }

  @Test
  @Order(10)
  void tokensAndConnectionsFollowTheTeams() {
    // identify-user naming a team the user is not in is refused.
    Api.Reply foreign = api.server("POST", "/v2/identify-user", Map.of("userId", "jordan-rb", "organizationId", "green"));
    assertEquals(403, foreign.status());
    assertEquals("TEAM_ACCESS_DENIED", foreign.error());
    Api.Reply foreignAccess = api.server("POST", "/v2/authorize-user",
        Map.of("userId", "jordan-rb", "organizationId", "green", "permissions", Map.of("*", List.of("*:write"))));
    assertEquals(403, foreignAccess.status());
    // authorize-connection applies the team rules, including the grants.
    String blue = api.idToken("blue-user", null);
    assertEquals(403, api.server("POST", "/v2/authorize-connection", Map.of("token", blue, "roomId", "red-general")).status());
    assertEquals(200, api.server("POST", "/v2/authorize-connection", Map.of("token", blue, "roomId", "blue-general")).status());
    String mo = api.idToken("moderator", null);
    assertEquals(200, api.server("POST", "/v2/authorize-connection", Map.of("token", mo, "roomId", "red-general")).status());
    assertEquals(403, api.server("POST", "/v2/authorize-connection", Map.of("token", mo, "roomId", "red-private")).status(),
        "a grant crosses teams, it does not open private rooms");
    String tom = api.idToken("tom-none", null);
    assertEquals(200, api.server("POST", "/v2/authorize-connection", Map.of("token", tom, "roomId", "lobby")).status());
    assertEquals(403, api.server("POST", "/v2/authorize-connection", Map.of("token", tom, "roomId", "red-general")).status());
  }

  @Test
  @Order(11)
  void usersChangeOnlyServerSide() {
    Api.Reply patched = api.server("PATCH", "/v2/users", Map.of("users", List.of(
        Map.of("id", "tom-red", "set", Map.of("teams", List.of("red", "blue"), "teamsRole", Map.of("blue", "admin")), "unset", List.of("name")))));
    assertEquals(200, patched.status(), patched.toString());
    Api.Reply tom = api.server("GET", "/v2/users/tom-red", null);
    assertEquals(List.of("red", "blue"), Api.JSON.convertValue(tom.body().get("teams"), List.class));
    assertEquals("admin", tom.body().get("teamsRole").get("blue").asText());
    assertTrue(tom.body().get("name").isNull());
    // A client token cannot reach the user routes at all.
    String token = api.idToken("tom-red", null);
    assertEquals(403, api.as(token, "PATCH", "/v2/users", Map.of("users", List.of(Map.of("id", "tom-red", "set", Map.of("role", "global_admin"))))).status());
    assertEquals(204, api.server("DELETE", "/v2/users/tom-red", null).status());
    assertEquals(404, api.server("GET", "/v2/users/tom-red", null).status());
  }

  @Test
  @Order(12)
  void turningMultiTenantOffWarns() {
    Api.Reply off = api.server("POST", "/v2/settings", Map.of("multiTenantEnabled", false));
    assertEquals(200, off.status());
    assertTrue(off.body().get("warning").asText().contains("team checks stop"));
  }
}
