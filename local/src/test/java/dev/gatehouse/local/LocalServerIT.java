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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST surface over real HTTP: statuses, error bodies, and that failed requests write nothing. */
class LocalServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "sk_local_server_it_0123456789abcdef";
  private static LocalGatehouse local;
  private static LocalServer server;

  @BeforeAll
  static void start() throws Exception {
    local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(KEY), List.of());
    server = LocalServer.start(local, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    local.close();
  }

  record Reply(int status, JsonNode body) {}

  private static Reply call(String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
  }

  private static Reply call(String method, String path, String body) throws Exception {
    return call(method, path, body, KEY);
  }

  private static void assertError(Reply reply, int status, String code) {
    assertEquals(status, reply.status(), () -> String.valueOf(reply.body()));
    assertEquals(code, reply.body().path("error").asText(), () -> reply.body().toString());
    assertFalse(reply.body().path("message").asText().isBlank());
    assertFalse(reply.body().path("suggestion").asText().isBlank());
  }

  @Test
  void authenticationFailures() throws Exception {
    assertError(call("GET", "/v2/rooms", null, null), 401, "MISSING_SECRET_KEY");
    assertError(call("GET", "/v2/rooms", null, "pk_public_key_value"), 401, "WRONG_KEY_USED");
    assertError(call("GET", "/v2/rooms", null, "sk_not_the_key_0123456789"), 403, "INVALID_SECRET_KEY");
  }

  @Test
  void aBrowsersPreflightIsAnsweredAsApiGatewayAnswersIt() throws Exception {
    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/c/rooms/query"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, preflight.statusCode(), "no longer a 404: " + preflight.body());
    var headers = preflight.headers();
    assertEquals(Optional.of("*"), headers.firstValue("access-control-allow-origin"));
    assertTrue(headers.firstValue("access-control-allow-methods").orElse("").contains("POST"));
    assertEquals(Optional.of("authorization,content-type"), headers.firstValue("access-control-allow-headers"));
    assertEquals(Optional.of("3600"), headers.firstValue("access-control-max-age"), "template.yaml's MaxAge");

    HttpResponse<String> actual = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/c/rooms/query"))
        .header("Origin", "https://app.example.com")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, actual.statusCode(), "no token");
    assertEquals(Optional.of("*"), actual.headers().firstValue("access-control-allow-origin"), "a browser may read the error");
  }

  /** One raw HTTP/1.1 request (a client library would refuse to send these), the reply as status and body. */
  private static Reply raw(String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      return new Reply(status, JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)));
    }
  }

  @Test
  void undecodableTargetsAre400InTheErrorShape() throws Exception {
    // Both were 500 "local server failed": the percent-decoding threw before the error mapping.
    assertError(raw("GET /v2/rooms/a%zz HTTP/1.1\r\nHost: l\r\nAuthorization: Bearer " + KEY
        + "\r\nConnection: close\r\n\r\n"), 400, "INVALID_PATH");
    assertError(raw("GET /v2/rooms?limit=%zz HTTP/1.1\r\nHost: l\r\nAuthorization: Bearer " + KEY
        + "\r\nConnection: close\r\n\r\n"), 400, "INVALID_QUERY_STRING");
  }

  @Test
  void requestsTheHttpLayerRefusesAreAnsweredInTheErrorShape() throws Exception {
    assertError(raw("POST /v2/rooms HTTP/1.1\r\nHost: l\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"),
        400, "INVALID_HTTP_REQUEST");
    assertError(raw("POST /v2/rooms HTTP/1.1\r\nHost: l\r\nContent-Length: " + (dev.gatehouse.api.HttpRequest.BODY_MAX_BYTES + 1)
        + "\r\n\r\n"), 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void unknownRoutesAre404InTheErrorShape() throws Exception {
    assertError(call("GET", "/v2/nothing-here", null), 404, "ROUTE_NOT_FOUND");
    assertError(call("PUT", "/v2/rooms", "{}"), 404, "ROUTE_NOT_FOUND");
  }

  @Test
  void malformedBodiesAre400AndWriteNothing() throws Exception {
    assertError(call("POST", "/v2/rooms", "{\"id\": \"bad-json\","), 400, "INVALID_JSON");
    assertError(call("POST", "/v2/rooms", "[1,2]"), 400, "INVALID_BODY");
    assertError(call("POST", "/v2/rooms", "{\"id\":\"shape\",\"defaultAccesses\":\"*:write\"}"), 400, "INVALID_BODY");
    assertError(call("POST", "/v2/rooms", "{\"id\":\"typo\",\"defaultAccesses\":[],\"userAccesses\":{}}"), 400, "INVALID_BODY");
    assertError(call("POST", "/v2/rooms", "{\"id\":\"dupkey\",\"id\":\"x\",\"defaultAccesses\":[]}"), 400, "INVALID_JSON");
    for (String id : List.of("bad-json", "shape", "typo", "dupkey", "x")) {
      assertEquals(404, call("GET", "/v2/rooms/" + id, null).status(), id);
    }
  }

  @Test
  void invalidValuesAre422NameTheFieldAndWriteNothing() throws Exception {
    Reply missing = call("POST", "/v2/rooms", "{\"id\":\"no-defaults\"}");
    assertError(missing, 422, "MISSING_FIELD");
    assertTrue(missing.body().path("message").asText().contains("defaultAccesses"));
    Reply unknown = call("POST", "/v2/rooms", "{\"id\":\"bad-perm\",\"defaultAccesses\":[\"*:read\",\"storage:admin\"]}");
    assertError(unknown, 422, "INVALID_PERMISSION");
    assertTrue(unknown.body().path("message").asText().contains("storage:admin"));
    assertError(call("POST", "/v2/rooms", "{\"id\":\"" + "r".repeat(129) + "\",\"defaultAccesses\":[]}"), 422, "INVALID_ROOM_ID");
    assertError(call("POST", "/v2/rooms", "{\"id\":\"two-bases\",\"defaultAccesses\":[],\"usersAccesses\":{\"a\":[\"*:read\",\"*:write\"]}}"),
        422, "INVALID_PERMISSION");
    for (String id : List.of("no-defaults", "bad-perm", "two-bases")) {
      assertEquals(404, call("GET", "/v2/rooms/" + id, null).status(), id);
    }
  }

  @Test
  void aRejectedUpdateLeavesTheRoomAsItWas() throws Exception {
    assertEquals(200, call("POST", "/v2/rooms", "{\"id\":\"stable\",\"defaultAccesses\":[\"*:read\"],\"metadata\":{\"a\":\"1\"}}").status());
    JsonNode before = call("GET", "/v2/rooms/stable", null).body();
    // The first change is valid, the second is not: nothing may be applied.
    assertError(call("POST", "/v2/rooms/stable", "{\"metadata\":{\"a\":\"2\"},\"usersAccesses\":{\"bob\":[\"storage:write\"]}}"),
        422, "INVALID_PERMISSION");
    assertError(call("POST", "/v2/rooms/stable", "{\"organizationId\":\"elsewhere\"}"), 422, "TENANT_IMMUTABLE");
    StringBuilder tooMany = new StringBuilder("{\"metadata\":{");
    for (int i = 0; i < 50; i++) {
      tooMany.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    tooMany.append("}}");
    Reply overLimit = call("POST", "/v2/rooms/stable", tooMany.toString());
    assertError(overLimit, 422, "INVALID_METADATA");
    assertTrue(overLimit.body().path("message").asText().contains("51 entries"), "the existing key counts too");
    assertEquals(before, call("GET", "/v2/rooms/stable", null).body());
  }

  @Test
  void createConflictsAndTheIdempotentFlag() throws Exception {
    assertEquals(200, call("POST", "/v2/rooms", "{\"id\":\"once\",\"defaultAccesses\":[\"*:write\"]}").status());
    assertError(call("POST", "/v2/rooms", "{\"id\":\"once\",\"defaultAccesses\":[]}"), 409, "ROOM_ALREADY_EXISTS");
    assertError(call("POST", "/v2/rooms?idempotent=false", "{\"id\":\"once\",\"defaultAccesses\":[]}"), 409, "ROOM_ALREADY_EXISTS");
    Reply existing = call("POST", "/v2/rooms?idempotent", "{\"id\":\"once\",\"defaultAccesses\":[]}");
    assertEquals(200, existing.status());
    assertEquals("*:write", existing.body().path("defaultAccesses").get(0).asText());
    assertEquals(200, call("POST", "/v2/rooms?idempotent=true", "{\"id\":\"once\",\"defaultAccesses\":[]}").status());
  }

  @Test
  void roomIdsWithReservedCharactersRoundTrip() throws Exception {
    String id = "org1:project/42 é";
    String encoded = java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    assertEquals(200, call("POST", "/v2/rooms", JSON.writeValueAsString(java.util.Map.of("id", id, "defaultAccesses", List.of()))).status());
    Reply got = call("GET", "/v2/rooms/" + encoded, null);
    assertEquals(200, got.status(), () -> String.valueOf(got.body()));
    assertEquals(id, got.body().path("id").asText());
    assertEquals(204, call("DELETE", "/v2/rooms/" + encoded, null).status());
  }

  @Test
  void listingValidatesItsParameters() throws Exception {
    assertError(call("GET", "/v2/rooms?limit=0", null), 422, "INVALID_LIMIT");
    assertError(call("GET", "/v2/rooms?limit=101", null), 422, "INVALID_LIMIT");
    assertError(call("GET", "/v2/rooms?limit=ten", null), 422, "INVALID_LIMIT");
    assertError(call("GET", "/v2/rooms?startingAfter=garbage", null), 400, "INVALID_CURSOR");
    assertError(call("GET", "/v2/rooms?query=OR", null), 422, "INVALID_QUERY");
    assertEquals(200, call("GET", "/v2/rooms?limit=100", null).status());
  }

  @Test
  void dataPersistsAcrossRestartsWithADataDirectory() throws Exception {
    Path dir = Files.createTempDirectory("gatehouse-data");
    String key;
    try (LocalGatehouse first = LocalGatehouse.start(Repo.template(), Optional.of(dir), Optional.empty(), List.of());
         LocalServer s = LocalServer.start(first, "127.0.0.1", 0)) {
      key = first.secretKey();
      HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUri() + "/v2/rooms"))
          .header("Authorization", "Bearer " + key)
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"kept\",\"defaultAccesses\":[\"*:read\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, created.statusCode());
    }
    try (LocalGatehouse second = LocalGatehouse.start(Repo.template(), Optional.of(dir), Optional.empty(), List.of());
         LocalServer s = LocalServer.start(second, "127.0.0.1", 0)) {
      assertEquals(key, second.secretKey(), "the data directory keeps its key");
      HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUri() + "/v2/rooms/kept"))
          .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, got.statusCode(), got.body());
    }
  }
}
