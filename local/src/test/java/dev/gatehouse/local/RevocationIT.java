package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revocation and deactivation over HTTP on the local server, as a realtime server sees them: a
 * revocation is in force for the very next check, a token issued after it works, and every bad
 * request is a 4xx that changes nothing.
 */
class RevocationIT {
  private static final String KEY = "sk_revocation_it_0123456789abcdef";

  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);

  private static Api api() {
    return served.api();
  }

  private static void openRoom(String roomId, String tenant) {
    Map<String, Object> room = new HashMap<>(Map.of("id", roomId, "defaultAccesses", List.of("room:write")));
    if (tenant != null) {
      room.put("organizationId", tenant);
    }
    Api.Reply created = api().server("POST", "/v2/rooms", room);
    assertEquals(200, created.status(), created.toString());
  }

  private static Api.Reply connect(String token, String roomId) {
    return api().server("POST", "/v2/authorize-connection", Map.of("token", token, "roomId", roomId));
  }

  private static String accessToken(String userId) {
    Api.Reply reply = api().server("POST", "/v2/authorize-user",
        Map.of("userId", userId, "permissions", Map.of("*", List.of("room:write"))));
    assertEquals(200, reply.status(), reply.toString());
    return reply.body().get("token").asText();
  }

  @Test
  void aRevokedTokenIsRefusedOnTheVeryNextCheckAndANewOneWorks() {
    openRoom("rev:design", null);
    String token = api().idToken("olivier", null);
    assertEquals(200, connect(token, "rev:design").status());

    Api.Reply revoked = api().server("POST", "/v2/users/olivier/revoke-tokens", null);
    assertEquals(200, revoked.status(), revoked.toString());
    assertEquals("olivier", revoked.body().path("userId").asText());
    Instant cutoff = Instant.parse(revoked.body().path("revokeTokensIssuedBefore").asText());
    assertFalse(cutoff.isAfter(Instant.now()), "the cutoff is now");

    Api.Reply refused = connect(token, "rev:design");
    assertEquals(401, refused.status(), refused.toString());
    assertEquals("TOKEN_REVOKED", refused.error());
    assertFalse(refused.body().path("message").asText().contains(token.substring(0, 20)), "never echo the token");

    String fresh = api().idToken("olivier", null); // often within the same second as the cutoff
    assertEquals(200, connect(fresh, "rev:design").status(), "a token issued after the revocation is accepted");
    assertEquals(401, api().as(token, "POST", "/v2/c/rooms/query", Map.of()).status(), "client routes refuse it too");
    assertEquals(200, api().as(fresh, "POST", "/v2/c/rooms/query", Map.of()).status());
  }

  @Test
  void accessTokensAreRevokedAlike() {
    openRoom("rev:access", null);
    String token = accessToken("ada");
    assertEquals(200, connect(token, "rev:access").status());
    assertEquals(200, api().server("POST", "/v2/users/ada/revoke-tokens", Map.of()).status());
    assertEquals("TOKEN_REVOKED", connect(token, "rev:access").error());
    assertEquals(200, connect(accessToken("ada"), "rev:access").status());
  }

  @Test
  void anEarlierCutoffCanBeGivenAndNullLiftsIt() {
    openRoom("rev:given", null);
    String token = api().idToken("grace", null);
    Api.Reply past = api().server("POST", "/v2/users/grace/revoke-tokens", Map.of("before", "2020-01-01T00:00:00Z"));
    assertEquals("2020-01-01T00:00:00.000Z", past.body().path("revokeTokensIssuedBefore").asText());
    assertEquals(200, connect(token, "rev:given").status(), "issued after 2020: still good");
    api().server("POST", "/v2/users/grace/revoke-tokens", null);
    assertEquals("TOKEN_REVOKED", connect(token, "rev:given").error());
    Map<String, Object> lift = new HashMap<>();
    lift.put("before", null);
    Api.Reply lifted = api().server("POST", "/v2/users/grace/revoke-tokens", lift);
    assertTrue(lifted.body().path("revokeTokensIssuedBefore").isNull(), lifted.toString());
    assertEquals(200, connect(token, "rev:given").status(), "lifting the cutoff lets the token in again");
  }

  @Test
  void anOrganizationsCutoffRevokesItsTokensAndNoOtherOrganizations() {
    openRoom("acme:board", "acme");
    openRoom("globex:board", "globex");
    String acme = api().idToken("ann", "acme");
    String globex = api().idToken("ann", "globex");
    Api.Reply revoked = api().server("POST", "/v2/organizations/acme/revoke-tokens", Map.of());
    assertEquals(200, revoked.status(), revoked.toString());
    assertEquals("acme", revoked.body().path("organizationId").asText());
    assertEquals("TOKEN_REVOKED", connect(acme, "acme:board").error());
    assertEquals(200, connect(globex, "globex:board").status(), "globex's tokens are not acme's business");
    assertEquals(200, connect(api().idToken("ann", "acme"), "acme:board").status());
  }

  @Test
  void theProjectsCutoffIsASettingShownAndCleared() {
    openRoom("rev:project", null);
    String token = api().idToken("pat", null);
    Api.Reply set = api().server("POST", "/v2/settings", Map.of("revokeTokensIssuedBefore", Instant.now().toString()));
    assertEquals(200, set.status(), set.toString());
    assertFalse(api().server("GET", "/v2/settings", null).body().path("revokeTokensIssuedBefore").isNull());
    assertEquals("TOKEN_REVOKED", connect(token, "rev:project").error());
    String fresh = api().idToken("pat", null);
    assertEquals(200, connect(fresh, "rev:project").status());
    Map<String, Object> clear = new HashMap<>();
    clear.put("revokeTokensIssuedBefore", null);
    assertEquals(200, api().server("POST", "/v2/settings", clear).status());
    assertTrue(api().server("GET", "/v2/settings", null).body().path("revokeTokensIssuedBefore").isNull());
    assertEquals(200, connect(token, "rev:project").status());
  }

  @Test
  void aDeactivatedUserGetsNoTokensUntilReactivatedEvenIfTheyExistOnlyAsAnId() {
    openRoom("rev:deact", null);
    String token = api().idToken("ivan", null);
    Api.Reply deactivated = api().server("POST", "/v2/users/ivan/deactivate", null);
    assertEquals(200, deactivated.status(), deactivated.toString());
    assertTrue(deactivated.body().path("deactivated").asBoolean());
    assertEquals("TOKEN_REVOKED", connect(token, "rev:deact").error());
    Api.Reply identify = api().server("POST", "/v2/identify-user", Map.of("userId", "ivan"));
    assertEquals(403, identify.status(), identify.toString());
    assertEquals("USER_DEACTIVATED", identify.error());
    Api.Reply authorize = api().server("POST", "/v2/authorize-user", Map.of("userId", "ivan", "permissions", Map.of("*", List.of("room:write"))));
    assertEquals("USER_DEACTIVATED", authorize.error());

    Map<String, Object> lift = new HashMap<>();
    lift.put("before", null);
    assertEquals(200, api().server("POST", "/v2/users/ivan/revoke-tokens", lift).status(), "lifting the cutoff while deactivated");
    Api.Reply reactivated = api().server("POST", "/v2/users/ivan/reactivate", Map.of());
    assertEquals(200, reactivated.status(), reactivated.toString());
    assertFalse(reactivated.body().path("deactivated").asBoolean());
    assertEquals("TOKEN_REVOKED", connect(token, "rev:deact").error(), "tokens revoked stay revoked, whatever was lifted meanwhile");
    assertEquals(200, connect(api().idToken("ivan", null), "rev:deact").status());
  }

  @Test
  void deactivationHoldsInMultiTenantModeAndShowsOnTheUser() {
    assertEquals(200, api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());
    try {
      Api.Reply upsert = api().server("POST", "/v2/users", Map.of("users", List.of(Map.of("id", "mona", "teams", List.of("acme")))));
      assertEquals(200, upsert.status(), upsert.toString());
      assertEquals(200, api().server("POST", "/v2/users/mona/deactivate", null).status());
      JsonNode user = api().server("GET", "/v2/users/mona", null).body();
      assertTrue(user.path("deactivated").asBoolean(), user.toString());
      assertFalse(user.path("revokeTokensIssuedBefore").isNull(), user.toString());
      assertEquals("USER_DEACTIVATED", api().server("POST", "/v2/identify-user", Map.of("userId", "mona", "organizationId", "acme")).error());
      api().server("POST", "/v2/users/mona/reactivate", null);
      assertEquals(200, api().server("POST", "/v2/identify-user", Map.of("userId", "mona", "organizationId", "acme")).status());
    } finally {
      api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", false));
    }
  }

  @Test
  void badInputIsAClear4xxAndWritesNothing() {
    openRoom("rev:bad", null);
    String token = api().idToken("zed", null);
    String future = Instant.now().plusSeconds(3600).toString();
    for (Object body : List.of(Map.of("before", future), Map.of("before", "yesterday"), Map.of("before", 12), Map.of("after", "x"))) {
      Api.Reply reply = api().server("POST", "/v2/users/zed/revoke-tokens", body);
      assertTrue(reply.status() == 422 || reply.status() == 400, body + " -> " + reply);
      assertTrue(reply.body().has("suggestion"), reply.toString());
    }
    assertEquals("INVALID_CUTOFF", api().server("POST", "/v2/users/zed/revoke-tokens", Map.of("before", future)).error());
    for (String outOfRange : List.of("-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+1000000000-12-31T23:59:59Z")) {
      Api.Reply reply = api().server("POST", "/v2/users/zed/revoke-tokens", Map.of("before", outOfRange));
      assertEquals(422, reply.status(), outOfRange + " -> " + reply);
      assertEquals("INVALID_CUTOFF", reply.error());
    }
    assertEquals("INVALID_CUTOFF", api().server("POST", "/v2/organizations/acme/revoke-tokens", Map.of("before", future)).error());
    assertEquals("INVALID_CUTOFF", api().server("POST", "/v2/settings", Map.of("revokeTokensIssuedBefore", future)).error());
    assertEquals("INVALID_JSON", api().raw("POST", "/v2/users/zed/revoke-tokens", "{").error());
    assertEquals("INVALID_BODY", api().raw("POST", "/v2/users/zed/deactivate", "{\"now\": true}").error());
    String longId = "u".repeat(200);
    assertEquals("INVALID_USER_ID", api().server("POST", "/v2/users/" + longId + "/revoke-tokens", null).error());
    assertEquals("INVALID_USER_ID", api().server("POST", "/v2/users/" + longId + "/deactivate", null).error());
    assertEquals("INVALID_TENANT", api().server("POST", "/v2/organizations/" + "t".repeat(300) + "/revoke-tokens", null).error());
    int unauthorised = api().as("not-a-key", "POST", "/v2/users/zed/revoke-tokens", null).status();
    assertTrue(unauthorised == 401 || unauthorised == 403, "status " + unauthorised);
    assertEquals(200, connect(token, "rev:bad").status(), "nothing was revoked by any of them");
    api().idToken("zed", null); // fails unless 200: nor was the user deactivated
    assertTrue(api().server("GET", "/v2/settings", null).body().path("revokeTokensIssuedBefore").isNull());
  }

  @Test
  void aTimeALittleAheadOfTheServersClockCountsAsNow() {
    Api.Reply reply = api().server("POST", "/v2/users/kai/revoke-tokens", Map.of("before", Instant.now().plusSeconds(2).toString()));
    assertEquals(200, reply.status(), reply.toString());
    assertFalse(Instant.parse(reply.body().path("revokeTokensIssuedBefore").asText()).isAfter(Instant.now()));
  }

  @Test
  void inMultiTenantModeAnOrganizationsCutoffHoldsForTokensNamingNoOrganizationOnEveryPath() {
    assertEquals(200, api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());
    try {
      api().server("POST", "/v2/users", Map.of("users", List.of(Map.of("id", "lena", "teams", List.of("umbrella", "initech")))));
      openRoom("umbrella:lab", "umbrella");
      openRoom("initech:desk", "initech");
      String token = api().idToken("lena", null);
      assertEquals(200, connect(token, "umbrella:lab").status());
      assertEquals(200, api().server("POST", "/v2/organizations/umbrella/revoke-tokens", null).status());
      assertEquals("TOKEN_REVOKED", connect(token, "umbrella:lab").error(), "entering the organization's room");
      assertEquals(200, connect(token, "initech:desk").status(), "another organization of the user's is not revoked");
      Api.Reply update = api().as(token, "POST", "/v2/c/rooms/umbrella:lab", Map.of("metadata", Map.of("k", "v")));
      assertEquals("TOKEN_REVOKED", update.error(), "a client route into the organization: " + update);
      Api.Reply query = api().as(token, "POST", "/v2/c/rooms/query", Map.of());
      assertEquals(200, query.status(), query.toString());
      assertEquals(List.of("initech:desk"), query.ids(), "a query leaves the revoked organization out");
    } finally {
      api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", false));
    }
  }
}
