package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token routes over real HTTP, independent of Node.js. */
class TokenRoutesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "sk_token_routes_it_0123456789";
  private static LocalGatehouse local;
  private static LocalServer server;

  @BeforeAll
  static void start() throws Exception {
    local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(KEY), List.of());
    server = LocalServer.start(local, "127.0.0.1", 0);
    post("/v2/rooms", Map.of("id", "acme:doc", "defaultAccesses", List.of(), "organizationId", "acme",
        "usersAccesses", Map.of("alice", List.of("*:write", "storage:read"))));
    post("/v2/rooms", Map.of("id", "globex:doc", "defaultAccesses", List.of("*:write"), "organizationId", "globex"));
  }

  @AfterAll
  static void stop() {
    server.close();
    local.close();
  }

  record Reply(int status, JsonNode body) {}

  private static Reply post(String path, Object body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), JSON.readTree(response.body()));
  }

  private static String idToken(String user, String tenant) throws Exception {
    return post("/v2/identify-user", Map.of("userId", user, "organizationId", tenant)).body().get("token").asText();
  }

  @Test
  void anIdTokenEntersWhereTheRoomLetsIt() throws Exception {
    Reply ok = post("/v2/authorize-connection", Map.of("token", idToken("alice", "acme"), "roomId", "acme:doc"));
    assertEquals(200, ok.status(), ok.body().toString());
    assertEquals("alice", ok.body().get("userId").asText());
    assertEquals("acme", ok.body().get("organizationId").asText());
    assertEquals("id", ok.body().get("tokenKind").asText());
    assertEquals("write", ok.body().get("permissions").get("room").asText());
    assertEquals("read", ok.body().get("permissions").get("storage").asText());
  }

  @Test
  void crossTenantAndPrivateRoomsAreDeniedWithTheRule() throws Exception {
    Reply crossTenant = post("/v2/authorize-connection", Map.of("token", idToken("alice", "acme"), "roomId", "globex:doc"));
    assertEquals(403, crossTenant.status());
    assertEquals("ROOM_ACCESS_DENIED", crossTenant.body().get("error").asText());
    assertFalse(crossTenant.body().get("message").asText().contains("globex\""), "the other tenant is not named");
    Reply noEntry = post("/v2/authorize-connection", Map.of("token", idToken("bob", "acme"), "roomId", "acme:doc"));
    assertEquals(403, noEntry.status());
    assertTrue(noEntry.body().get("message").asText().contains("NO_ROOM_ACCESS"), noEntry.body().toString());
  }

  @Test
  void anAccessTokenFollowsItsPatternsInsideItsTenant() throws Exception {
    String token = post("/v2/authorize-user", Map.of("userId", "carol", "organizationId", "acme",
        "permissions", Map.of("acme:*", List.of("*:read")))).body().get("token").asText();
    Reply ok = post("/v2/authorize-connection", Map.of("token", token, "roomId", "acme:doc"));
    assertEquals(200, ok.status());
    assertEquals("acc", ok.body().get("tokenKind").asText());
    assertEquals("read", ok.body().get("permissions").get("room").asText());
    Reply newRoom = post("/v2/authorize-connection", Map.of("token", token, "roomId", "acme:not-created-yet"));
    assertEquals(200, newRoom.status(), "access tokens may enter rooms that do not exist yet");
    assertEquals(403, post("/v2/authorize-connection", Map.of("token", token, "roomId", "globex:doc")).status());
  }

  @Test
  void validationNamesTheField() throws Exception {
    Reply longUser = post("/v2/identify-user", Map.of("userId", "u".repeat(129)));
    assertEquals(422, longUser.status());
    assertTrue(longUser.body().get("message").asText().contains("userId"));
    Reply groups = post("/v2/identify-user", Map.of("userId", "u", "groupIds", List.of("g".repeat(41))));
    assertEquals(422, groups.status());
    assertTrue(groups.body().get("message").asText().contains("groupIds"));
    Reply unknown = post("/v2/authorize-user", Map.of("userId", "u", "permissions", Map.of("r", List.of("*:read", "presence:write"))));
    assertEquals(422, unknown.status());
    assertTrue(unknown.body().get("message").asText().contains("presence:write"));
    Reply empty = post("/v2/authorize-user", Map.of("userId", "u", "permissions", Map.of("r", List.of())));
    assertEquals(422, empty.status());
    assertTrue(empty.body().get("message").asText().contains("permissions['r'] must not be empty"));
    Reply shape = post("/v2/identify-user", Map.of("userId", "u", "userInfo", "not an object"));
    assertEquals(400, shape.status());
    Reply missingRoom = post("/v2/authorize-connection", Map.of("token", "x"));
    assertEquals(422, missingRoom.status());
  }

  @Test
  void tokenRoutesNeedTheSecretKeyButJwksDoesNot() throws Exception {
    HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/identify-user"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, noKey.statusCode());
    HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/.well-known/jwks.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, jwks.statusCode());
    JsonNode key = JSON.readTree(jwks.body()).get("keys").get(0);
    assertEquals("RS256", key.get("alg").asText(), "RS256 by default");
    assertFalse(key.has("d"));
  }

  @Test
  void tokensNameTheDiscoveryDocumentsIssuerAndTheProjectAsAudience() throws Exception {
    JsonNode discovery = get("/.well-known/openid-configuration");
    String issuer = discovery.get("issuer").asText();
    assertEquals(server.baseUri().toString(), issuer, "the local server is its own issuer");
    assertEquals(issuer + "/.well-known/jwks.json", discovery.get("jwks_uri").asText());
    assertEquals("[\"RS256\",\"ES256\"]", discovery.get("id_token_signing_alg_values_supported").toString());

    String accessToken = post("/v2/authorize-user", Map.of("userId", "carol", "permissions", Map.of("acme:*", List.of("*:read"))))
        .body().get("token").asText();
    JsonNode keys = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(discovery.get("jwks_uri").asText())).build(),
        HttpResponse.BodyHandlers.ofString()).body()).get("keys");
    for (String token : List.of(idToken("alice", "acme"), accessToken)) {
      JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]));
      JsonNode payload = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      assertEquals(issuer, payload.get("iss").asText());
      assertEquals(LocalGatehouse.PROJECT, payload.get("aud").asText());
      assertEquals(payload.get("pid").asText(), payload.get("aud").asText(), "aud is the project, as pid is");
      boolean published = false;
      for (JsonNode key : keys) {
        published |= key.get("kid").asText().equals(header.get("kid").asText());
      }
      assertTrue(published, "the key that signed the token is at jwks_uri");
    }
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
