package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Boundaries an adversary crossed (the security issue's items 3 and 4), over HTTP against the
 * local server in multi-tenant mode: roles manage rooms but never open a private one, and a room
 * id taken in one tenant is never reported as created, or written, for another.
 */
class RoomBoundariesIT {
  private static final String KEY = "sk_room_boundaries_it_0123456789";
  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);

  @BeforeAll
  static void start() throws Exception {
    assertEquals(200, served.api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());
    assertEquals(200, served.api().server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "owner-alpha", "teams", List.of("alpha")),
        Map.of("id", "admin-alpha", "teams", List.of("alpha"), "role", "admin"),
        Map.of("id", "member-beta", "teams", List.of("beta")),
        Map.of("id", "moderator-beta", "teams", List.of("beta"), "role", "global_moderator"),
        Map.of("id", "both-teams", "teams", List.of("alpha", "beta"), "teamsRole", Map.of("beta", "admin"))))).status());
  }


  @BeforeEach
  void aPrivateRoomOfAlpha() {
    served.api().server("DELETE", "/v2/rooms/alpha:private", null);
    Api.Reply created = served.api().server("POST", "/v2/rooms", Map.of("id", "alpha:private", "organizationId", "alpha",
        "defaultAccesses", List.of(), "usersAccesses", Map.of("owner-alpha", List.of("*:write")),
        "metadata", Map.of("secret", "plans")));
    assertEquals(200, created.status(), created.toString());
  }

  private static String token(String user, String team) {
    return served.api().idToken(user, team);
  }

  private static Api.Reply clientUpdate(String token, Object patch) {
    return served.api().as(token, "POST", "/v2/c/rooms/alpha:private", patch);
  }

  private static Map<String, Object> storedMetadata() {
    return served.local().gatehouse().store().rooms().find("alpha:private").orElseThrow().metadata();
  }

  @Test
  void anEmptyClientUpdateIs422AndShowsNothing() {
    Api.Reply reply = clientUpdate(token("admin-alpha", "alpha"), Map.of());
    assertEquals(422, reply.status(), reply.toString());
    assertFalse(reply.body().toString().contains("plans"), reply.toString());
  }

  @Test
  void aTeamAdminManagesThePrivateRoomButGetsNoContentsBack() {
    Api.Reply reply = clientUpdate(token("admin-alpha", "alpha"), Map.of("metadata", Map.of("status", "archived")));
    assertEquals(200, reply.status(), reply.toString());
    assertEquals("alpha:private", reply.body().path("id").asText());
    assertFalse(reply.body().has("metadata"), "no metadata for a caller who may not read the room: " + reply);
    assertFalse(reply.body().has("usersAccesses"), "no accesses for a caller who may not read the room: " + reply);
    assertEquals("archived", storedMetadata().get("status"));
  }

  @Test
  void aCallerWhoMayReadGetsTheRoomInFull() {
    Api.Reply reply = clientUpdate(token("owner-alpha", "alpha"), Map.of("metadata", Map.of("status", "draft")));
    assertEquals(200, reply.status(), reply.toString());
    assertEquals("plans", reply.body().path("metadata").path("secret").asText());
  }

  @Test
  void aModeratorOfAnotherTeamCannotGrantItselfAccess() {
    Map<String, Object> patch = Map.of("usersAccesses", Map.of("moderator-beta", List.of("*:write")));
    Api.Reply reply = clientUpdate(token("moderator-beta", null), patch);
    assertEquals(403, reply.status(), reply.toString());
    assertFalse(served.local().gatehouse().store().rooms().find("alpha:private").orElseThrow()
        .accesses().usersAccesses().containsKey("moderator-beta"), "nothing written");
  }

  @Test
  void aTeamAdminCannotOpenThePrivateRoomToItselfThroughItsGroupsOrTheDefault() {
    String admin = token("admin-alpha", "alpha");
    assertEquals(403, clientUpdate(admin, Map.of("usersAccesses", Map.of("admin-alpha", List.of("room:read")))).status());
    assertEquals(403, clientUpdate(admin, Map.of("defaultAccesses", List.of("*:read"))).status());
    // Managing members without opening the room to itself stays allowed.
    Api.Reply other = clientUpdate(admin, Map.of("usersAccesses", Map.of("owner-alpha", List.of("*:read"))));
    assertEquals(200, other.status(), other.toString());
  }

  /**
   * Issue 13: a client update of another team's room is refused on who is asking, before the
   * patch meets the room, so the answer neither names the room's tenant nor depends on what the
   * room holds (a full usersAccesses, its tenant).
   */
  @Test
  void aClientUpdateOfAnotherTeamsRoomIsRefusedWhateverThePatchWouldDoToIt() {
    Map<String, List<String>> full = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      full.put("guest-" + i, List.of("*:read"));
    }
    served.api().server("DELETE", "/v2/rooms/alpha:full", null);
    assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", "alpha:full", "organizationId", "alpha",
        "defaultAccesses", List.of(), "usersAccesses", full)).status());
    String outsider = token("member-beta", null);
    for (Api.Reply reply : List.of(
        clientUpdate(outsider, Map.of("organizationId", "beta", "metadata", Map.of("k", "v"))),
        served.api().as(outsider, "POST", "/v2/c/rooms/alpha:full", Map.of("usersAccesses", Map.of("x", List.of("*:read")))),
        served.api().as(outsider, "POST", "/v2/c/rooms/alpha:full", Map.of("organizationId", "gamma", "defaultAccesses", List.of())))) {
      assertEquals(403, reply.status(), reply.toString());
      assertEquals("ROOM_ACCESS_DENIED", reply.error(), reply.toString());
      assertTrue(reply.body().path("message").asText().contains("TEAM_MISMATCH"), reply.toString());
      assertFalse(reply.body().toString().contains("alpha\""), "the room's tenant is not named: " + reply);
    }
  }

  /** Issue 13: a token narrowed to one team is told only of that team when it must name one. */
  @Test
  void aMissingTeamNamesOnlyTheTeamsTheTokenReaches() {
    Api.Reply reply = served.api().as(token("both-teams", "beta"), "POST", "/v2/c/rooms", Map.of("id", "no-team-named"));
    assertEquals(400, reply.status(), reply.toString());
    assertEquals("MISSING_TEAM", reply.error());
    assertTrue(reply.body().path("message").asText().contains("beta"), reply.toString());
    assertFalse(reply.body().toString().contains("alpha"), "the token's user is in alpha too, which it does not reach: " + reply);
  }

  /** Item 2: whether another tenant's room exists must not change the answer to a client query. */
  @Test
  void aClientQueryAnswersTheSameWhetherOrNotAnotherTenantsRoomMatches() {
    served.api().server("POST", "/v2/rooms?idempotent", Map.of("id", "beta:hidden", "organizationId", "beta",
        "defaultAccesses", List.of(), "metadata", Map.of("codename", "orion")));
    String member = token("owner-alpha", null);
    for (Map<String, Object> filter : List.of(
        Map.<String, Object>of("team", Map.of()),
        Map.<String, Object>of("team", Map.of("$in", List.of("alpha", "beta"))),
        Map.<String, Object>of("team", Map.of("$ne", "alpha")))) {
      Map<String, Object> matching = new LinkedHashMap<>(filter);
      matching.put("metadata.codename", "orion");
      Map<String, Object> notMatching = new LinkedHashMap<>(filter);
      notMatching.put("metadata.codename", "no-such-value");
      Api.Reply hit = served.api().as(member, "POST", "/v2/c/rooms/query", Map.of("filter", matching));
      Api.Reply miss = served.api().as(member, "POST", "/v2/c/rooms/query", Map.of("filter", notMatching));
      assertEquals(miss.status(), hit.status(), "same status for " + filter + ": " + hit + " / " + miss);
      assertEquals(miss.body(), hit.body(), "same body for " + filter);
      assertEquals(403, hit.status(), "a filter reaching beyond the caller's teams is refused before reading: " + hit);
    }
    // Inside the caller's own teams the query runs, and finds alpha's rooms it may read.
    Api.Reply own = served.api().as(member, "POST", "/v2/c/rooms/query", Map.of("filter", Map.of("team", "alpha")));
    assertEquals(200, own.status(), own.toString());
    assertEquals(List.of("alpha:private"), own.ids());
  }

  /** Item 6: a user seen through a shared team shows only the teams (and roles) the caller shares. */
  @Test
  void aClientUserQueryShowsOnlyTheTeamsTheCallerShares() {
    Api.Reply reply = served.api().as(token("owner-alpha", null), "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("id", "both-teams")));
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(1, reply.body().path("data").size(), reply.toString());
    JsonNodeView user = new JsonNodeView(reply.body().path("data").get(0));
    assertEquals(List.of("alpha"), user.strings("teams"), reply.toString());
    assertFalse(reply.body().toString().contains("beta"), "nothing of team beta: " + reply);
  }

  /** Issue 13: a filter on teams sees only the teams the caller shares, so it cannot probe a teammate's other tenants. */
  @Test
  void aClientUserFilterCannotProbeTheTeamsTheCallerDoesNotShare() {
    String alpha = token("owner-alpha", null);
    Api.Reply inBeta = served.api().as(alpha, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("id", "both-teams", "teams", "beta")));
    assertEquals(200, inBeta.status(), inBeta.toString());
    assertEquals(List.of(), inBeta.ids(), "both-teams' membership in beta is beta's: " + inBeta);
    Api.Reply notInBeta = served.api().as(alpha, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("id", "both-teams", "teams", Map.of("$ne", "beta"))));
    assertEquals(List.of("both-teams"), notInBeta.ids(), notInBeta.toString());
    Api.Reply inAlpha = served.api().as(alpha, "POST", "/v2/c/users/query",
        Map.of("filter", Map.of("id", "both-teams", "teams", Map.of("$in", List.of("alpha", "beta")))));
    assertEquals(List.of("both-teams"), inAlpha.ids(), "a shared team still matches: " + inAlpha);
  }

  /** A tiny reader for JSON arrays of strings. */
  private record JsonNodeView(com.fasterxml.jackson.databind.JsonNode node) {
    List<String> strings(String field) {
      List<String> out = new java.util.ArrayList<>();
      node.path(field).forEach(n -> out.add(n.asText()));
      return out;
    }
  }

  /** Item 5: a delete decided on alpha's room never deletes beta's room that took the id meanwhile. */
  @Test
  void concurrentClientDeletesNeverRemoveAnotherTenantsNewRoomOfTheSameId() throws Exception {
    String owner = token("owner-alpha", "alpha");
    int lost = 0;
    for (int round = 0; round < 15; round++) {
      String id = "contested-" + round;
      assertEquals(200, served.api().as(owner, "POST", "/v2/c/rooms", Map.of("id", id, "team", "alpha")).status());
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean betaCreated = new java.util.concurrent.atomic.AtomicBoolean();
      List<Thread> threads = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        threads.add(Thread.ofPlatform().start(() -> {
          await(go);
          served.api().as(owner, "DELETE", "/v2/c/rooms/" + id, null);
        }));
      }
      threads.add(Thread.ofPlatform().start(() -> {
        await(go);
        for (int attempt = 0; attempt < 200 && !betaCreated.get(); attempt++) {
          betaCreated.set(served.api().server("POST", "/v2/rooms", Map.of("id", id, "organizationId", "beta",
              "defaultAccesses", List.of())).status() == 200);
        }
      }));
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      if (betaCreated.get() && served.local().gatehouse().store().rooms().find(id).isEmpty()) {
        lost++;
      }
    }
    assertEquals(0, lost, "rounds in which beta's new room was deleted by alpha's delete");
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anIdTakenInAlphaIsNeverReportedAsCreatedForBeta() {
    Api.Reply idempotent = served.api().server("POST", "/v2/rooms?idempotent", Map.of("id", "alpha:private",
        "organizationId", "beta", "defaultAccesses", List.of()));
    assertEquals(409, idempotent.status(), idempotent.toString());
    assertEquals("ROOM_ALREADY_EXISTS", idempotent.error());
    assertFalse(idempotent.body().toString().contains("plans"), idempotent.toString());

    // The same tenant still gets the existing room back, as getOrCreateRoom expects.
    Api.Reply same = served.api().server("POST", "/v2/rooms?idempotent", Map.of("id", "alpha:private",
        "organizationId", "alpha", "defaultAccesses", List.of()));
    assertEquals(200, same.status(), same.toString());
  }

  @Test
  void anUpsertForBetaNeverWritesIntoAlphasRoom() {
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("organizationId", "beta");
    create.put("defaultAccesses", List.of("*:write"));
    Api.Reply reply = served.api().server("POST", "/v2/rooms/alpha:private/upsert", Map.of(
        "update", Map.of("metadata", Map.of("owner", "beta"), "usersAccesses", Map.of("member-beta", List.of("*:write"))),
        "create", create));
    assertEquals(409, reply.status(), reply.toString());
    assertEquals("ROOM_ALREADY_EXISTS", reply.error());
    assertFalse(storedMetadata().containsKey("owner"), "nothing written");
    assertTrue(served.local().gatehouse().store().rooms().find("alpha:private").orElseThrow()
        .accesses().usersAccesses().keySet().equals(java.util.Set.of("owner-alpha")));
  }
}
