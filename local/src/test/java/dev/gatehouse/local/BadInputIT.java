package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input that can never succeed gets a clean 4xx in the Liveblocks error shape, writes nothing,
 * and is never a 500, a 503 or an unhandled function error: each case both as Lambda runs the
 * handler (the event's bytes in) and over the local server's HTTP.
 */
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk_bad_input_it_0123456789abcdef";
  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);



  /** An HTTP API event (payload 2.0) as API Gateway sends it. */
  private static ObjectNode event(String method, String path, String rawQuery, String bearer, String body) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0").put("routeKey", method + " " + path).put("rawPath", path).put("rawQueryString", rawQuery);
    event.putObject("headers").put("authorization", "Bearer " + bearer).put("content-type", "application/json");
    if (body != null) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    event.putObject("requestContext").put("requestId", "bad-input").put("domainName", "served.api().example.com")
        .putObject("http").put("method", method).put("path", path);
    return event;
  }

  /** Runs a function on an event as Lambda does; an exception here is an unhandled function error. */
  private static JsonNode invoke(String function, JsonNode event) throws Exception {
    var handler = (RequestStreamHandler) served.local().handler(function);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, new LocalContext("bad-input", function));
    return JSON.readTree(out.toByteArray());
  }

  private static void assertErrorEvent(JsonNode response, int status, String code) throws Exception {
    assertEquals(status, response.path("statusCode").asInt(), response::toString);
    assertError(status, JSON.readTree(response.path("body").asText()), status, code);
  }

  private static void assertError(int status, JsonNode body, int expectedStatus, String code) {
    assertEquals(expectedStatus, status, () -> String.valueOf(body));
    assertEquals(code, body.path("error").asText(), body::toString);
    assertFalse(body.path("message").asText().isBlank(), body::toString);
    assertFalse(body.path("suggestion").asText().isBlank(), body::toString);
  }

  private static void assertError(Api.Reply reply, int status, String code) {
    assertError(reply.status(), reply.body(), status, code);
  }

  /** The status of one raw HTTP/1.1 exchange, for requests java.net.URI refuses to build (a malformed escape). */
  private static int raw(String method, String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", served.server().port())) {
      // No body: the server answers the request line alone and closes, which would reset a body still being sent.
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
          + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  // Item 15: a bare query flag with a malformed percent-escape.

  @Test
  void aMalformedEscapeInABareQueryFlagIs400() throws Exception {
    for (String rawQuery : List.of("idempotent%zz", "%", "limit=5&%E0%A4%A")) {
      String body = "{\"id\":\"escape-" + rawQuery.length() + "\",\"defaultAccesses\":[]}";
      assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", rawQuery, KEY, body)), 400, "INVALID_QUERY_STRING");
      // Locally the JDK's HTTP server refuses the request line itself (a 400 of its own, before any handler).
      assertEquals(400, raw("POST", "/v2/rooms?" + rawQuery), "refused before a handler");
      assertEquals(404, served.api().server("GET", "/v2/rooms/escape-" + rawQuery.length(), null).status(), "nothing written");
    }
    assertErrorEvent(invoke("ListRoomsFunction", event("GET", "/v2/rooms", "limit=5&%zz", KEY, null)), 400, "INVALID_QUERY_STRING");
  }

  // Item 14: client routes validate the room id before they read the store.

  @Test
  void clientRoutesRefuseAnInvalidRoomIdAsTheServerRoutesDo() {
    String token = served.api().idToken("client-14@example.com", null);
    for (String id : List.of("r".repeat(129), "r".repeat(2_040), "r".repeat(3_000))) {
      assertError(served.api().as(token, "POST", "/v2/c/rooms/" + id, Map.of("metadata", Map.of("a", "b"))), 422, "INVALID_ROOM_ID");
      assertError(served.api().as(token, "DELETE", "/v2/c/rooms/" + id, null), 422, "INVALID_ROOM_ID");
      assertError(served.api().server("POST", "/v2/rooms/" + id, Map.of("metadata", Map.of("a", "b"))), 422, "INVALID_ROOM_ID");
    }
  }

  // Item 12: a forged cursor whose position no page could ever produce.

  @Test
  void aForgedCursorIsRefusedOnEveryPagedRoute() {
    String token = served.api().idToken("client-12@example.com", null);
    assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", "paged-12", "defaultAccesses", List.of("*:read"))).status());
    for (String order : List.of("c-", "c+", "i-", "i+")) {
      for (String position : List.of("x".repeat(1_100), "x".repeat(5_000), "2026-11-22T21:48:23.120Z#" + "r".repeat(129))) {
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("2|" + order + "|" + position).getBytes(StandardCharsets.UTF_8));
        String what = order + " " + position.length();
        for (String query : List.of("", "&userId=u", "&groupIds=g", "&organizationId=acme")) {
          assertError(served.api().server("GET", "/v2/rooms?startingAfter=" + cursor + query, null), 400, "INVALID_CURSOR");
        }
        Map<String, Object> page = Map.of("startingAfter", cursor);
        assertError(served.api().server("POST", "/v2/rooms/query", page), 400, "INVALID_CURSOR");
        assertError(served.api().server("POST", "/v2/users/query", page), 400, "INVALID_CURSOR");
        assertError(served.api().as(token, "POST", "/v2/c/rooms/query", page), 400, "INVALID_CURSOR");
        assertError(served.api().as(token, "POST", "/v2/c/users/query", page), 400, "INVALID_CURSOR");
        for (String sort : List.of("id", "createdAt")) {
          Map<String, Object> sorted = Map.of("startingAfter", cursor, "sort", List.of(Map.of("field", sort, "direction", 1)));
          assertError(served.api().server("POST", "/v2/rooms/query", sorted), 400, "INVALID_CURSOR");
          assertError(served.api().server("POST", "/v2/users/query", sorted), 400, "INVALID_CURSOR");
        }
      }
    }
  }

  // Item 16: every metadata value that is not a string (or an array of strings) is refused.

  private static final List<Object> NON_STRINGS = List.of(true, false, 3, 2.5, Map.of("nested", "x"), List.of(true),
      List.of(Map.of("a", "b")), List.of(List.of("a")));

  @Test
  void nonStringMetadataIsRefusedOnEveryPathThatTakesMetadata() {
    String token = served.api().idToken("client-16@example.com", null);
    assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", "meta-16", "defaultAccesses", List.of("*:write"),
        "metadata", Map.of("k", "v"))).status());
    JsonNode before = served.api().server("GET", "/v2/rooms/meta-16", null).body();
    int n = 0;
    for (Object value : NON_STRINGS) {
      String id = "meta-16-" + n++;
      Map<String, Object> metadata = Map.of("k", value);
      assertError(served.api().server("POST", "/v2/rooms", Map.of("id", id, "defaultAccesses", List.of(), "metadata", metadata)),
          422, "INVALID_METADATA");
      assertError(served.api().server("POST", "/v2/rooms/meta-16", Map.of("metadata", metadata)), 422, "INVALID_METADATA");
      assertError(served.api().server("POST", "/v2/rooms/meta-16/upsert", Map.of("update", Map.of("metadata", metadata))), 422, "INVALID_METADATA");
      assertError(served.api().server("POST", "/v2/rooms/" + id + "/upsert", Map.of("update", Map.of("defaultAccesses", List.of()),
          "create", Map.of("metadata", metadata))), 422, "INVALID_METADATA");
      assertError(served.api().as(token, "POST", "/v2/c/rooms", Map.of("id", id, "metadata", metadata)), 422, "INVALID_METADATA");
      assertError(served.api().as(token, "POST", "/v2/c/rooms/meta-16", Map.of("metadata", metadata)), 422, "INVALID_METADATA");
      String data = Api.JSON.valueToTree(Map.of("id", id, "defaultAccesses", List.of(), "metadata", metadata)).toString();
      String update = Api.JSON.valueToTree(Map.of("id", "meta-16", "metadata", metadata)).toString();
      for (String[] event : List.of(new String[] {"room.created", data}, new String[] {"room.updated", update})) {
        String body = "{\"id\":\"e-" + id + event[0] + "\",\"type\":\"" + event[0]
            + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":" + event[1] + "}";
        var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.gatehouse.errors.InvalidInputException.class,
            () -> served.local().gatehouse().provisioning().service().handle(dev.gatehouse.api.provisioning.ProvisioningEvents.fromSqsBody(body)),
            event[0] + " " + value);
        assertEquals("INVALID_METADATA", refused.code());
      }
      assertEquals(404, served.api().server("GET", "/v2/rooms/" + id, null).status(), "nothing created for " + value);
    }
    assertEquals(before, served.api().server("GET", "/v2/rooms/meta-16", null).body(), "nothing changed");
  }

  // Item 7: a lone UTF-16 surrogate is not text; stored, it would alias another id and '?'.

  @Test
  void idsAndKeysThatAreNotValidUnicodeAre422AndWriteNothing() throws Exception {
    String lone = "\\ud800";
    String room = "{\"id\":\"lone-" + lone + "\",\"defaultAccesses\":[]}";
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY, room)), 422, "INVALID_ROOM_ID");
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY,
        "{\"id\":\"lone-7\",\"defaultAccesses\":[],\"usersAccesses\":{\"u" + lone + "\":[\"*:read\"]}}")), 422, "INVALID_ACCESSES");
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY,
        "{\"id\":\"lone-7\",\"defaultAccesses\":[],\"organizationId\":\"t" + lone + "\"}")), 422, "INVALID_TENANT");
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY,
        "{\"id\":\"lone-7\",\"defaultAccesses\":[],\"metadata\":{\"k" + lone + "\":\"v\"}}")), 422, "INVALID_METADATA");
    assertErrorEvent(invoke("UpsertUsersFunction", event("POST", "/v2/users", "", KEY,
        "{\"users\":[{\"id\":\"u" + lone + "\"}]}")), 422, "INVALID_USER_ID");
    assertErrorEvent(invoke("IdentifyUserFunction", event("POST", "/v2/identify-user", "", KEY,
        "{\"userId\":\"u\",\"groupIds\":[\"g" + lone + "\"]}")), 422, "INVALID_GROUP_IDS");
    assertEquals(404, served.api().server("GET", "/v2/rooms/lone-7", null).status(), "nothing written");
    assertEquals(404, served.api().server("GET", "/v2/rooms/lone-%3F", null).status(), "nothing written under '?' either");
  }

  // Item 19: the authorizer decides on one token source, never one outside API Gateway's cache key.

  @Test
  @SuppressWarnings("unchecked")
  void theAuthorizerRefusesATokenInBothTheHeaderAndTheQuery() {
    assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", "auth-19", "defaultAccesses", List.of(),
        "usersAccesses", Map.of("allowed-19", List.of("*:write")))).status());
    String allowed = served.api().idToken("allowed-19", null);
    String other = served.api().idToken("other-19", null);
    var authorizer = (dev.gatehouse.runtime.MapHandler) served.local().handler("ConnectAuthorizerFunction");
    var context = new LocalContext("r", "ConnectAuthorizerFunction");
    Map<String, Object> alone = authorizer.handle(Map.of("version", "2.0", "type", "REQUEST",
        "headers", Map.of("authorization", "Bearer " + allowed), "queryStringParameters", Map.of("roomId", "auth-19")), context);
    assertEquals(true, alone.get("isAuthorized"), "one source, the header: allowed");
    for (String query : List.of(other, allowed)) {
      // A cache keyed on ?token= would hand this answer to the query's token, whatever the header held.
      Map<String, Object> simple = authorizer.handle(Map.of("version", "2.0", "type", "REQUEST",
          "headers", Map.of("authorization", "Bearer " + allowed), "queryStringParameters", Map.of("token", query, "roomId", "auth-19")),
          context);
      assertEquals(false, simple.get("isAuthorized"));
      RuntimeException unauthorized = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> authorizer.handle(Map.of("type", "REQUEST", "methodArn", "arn:aws:execute-api:x:1:api/live/$connect",
              "headers", Map.of("Authorization", "Bearer " + allowed), "queryStringParameters", Map.of("token", query, "roomId", "auth-19")),
              context));
      assertEquals("Unauthorized", unauthorized.getMessage());
    }
  }

  // Item 10: a body of a million characters or more, under the gateway's limit.

  @Test
  void aLargeBodyGetsAnAnswerInLambdaAndLocally() throws Exception {
    String longString = "{\"id\":\"" + "x".repeat(1_500_000) + "\",\"defaultAccesses\":[]}";
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY, longString)), 400, "INVALID_JSON");
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", "sk_wrong_key_0123456789", longString)),
        403, "INVALID_SECRET_KEY");
    assertEquals(400, served.api().raw("POST", "/v2/rooms", longString).status(), "locally too, not a dropped connection");

    String padded = "{\"id\":\"padded-10\",\"defaultAccesses\":[]" + " ".repeat(1_000_000) + "}";
    assertEquals(200, invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY, padded)).path("statusCode").asInt(),
        "a large body that is legal is served");
    assertEquals(200, served.api().raw("POST", "/v2/rooms", padded.replace("padded-10", "padded-10b")).status());

    String tooLarge = "{\"id\":\"too-large-10\",\"defaultAccesses\":[]" + " ".repeat(7 * 1024 * 1024) + "}";
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", KEY, tooLarge)), 413, "PAYLOAD_TOO_LARGE");
    assertErrorEvent(invoke("CreateRoomFunction", event("POST", "/v2/rooms", "", "sk_wrong_key_0123456789", tooLarge)),
        413, "PAYLOAD_TOO_LARGE");
    assertError(served.api().raw("POST", "/v2/rooms", tooLarge), 413, "PAYLOAD_TOO_LARGE");
    assertEquals(404, served.api().server("GET", "/v2/rooms/too-large-10", null).status(), "nothing written");
  }

  @Test
  void aLargeResponseReachesTheLocalClient() {
    Map<String, Object> metadata = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      metadata.put("k" + i, java.util.Collections.nCopies(20, "v".repeat(256)));
    }
    List<String> ids = List.of("big-a", "big-b", "big-c", "big-d", "big-e"); // over a million characters listed
    for (String id : ids) {
      assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", id, "defaultAccesses", List.of(), "organizationId", "big-10",
          "metadata", metadata)).status());
    }
    Api.Reply page = served.api().server("GET", "/v2/rooms?organizationId=big-10", null);
    assertEquals(200, page.status(), () -> String.valueOf(page.body()));
    assertEquals(ids.size(), page.ids().size());
  }

  // Item 18: every valid user id can hold a usersAccesses entry, so every valid caller can create a room.

  @Test
  void everyValidCallerCanCreateARoomAndHoldAnEntry() {
    String longest = "u".repeat(128);
    String token = served.api().idToken(longest, null);
    Api.Reply created = served.api().as(token, "POST", "/v2/c/rooms", Map.of("id", "owned-18"));
    assertEquals(200, created.status(), () -> String.valueOf(created.body()));
    assertEquals(List.of("*:write"), Api.JSON.convertValue(created.body().path("usersAccesses").path(longest), List.class));
    assertEquals(List.of("owned-18"), served.api().server("GET", "/v2/rooms?userId=" + longest, null).ids(), "indexed under the long id");
    assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", "server-18", "defaultAccesses", List.of(),
        "usersAccesses", Map.of(longest, List.of("*:read")))).status());
    assertError(served.api().server("POST", "/v2/rooms", Map.of("id", "server-18b", "defaultAccesses", List.of(),
        "usersAccesses", Map.of("u".repeat(129), List.of("*:read")))), 422, "INVALID_ACCESSES");
    assertError(served.api().server("POST", "/v2/rooms", Map.of("id", "server-18c", "defaultAccesses", List.of(),
        "groupsAccesses", Map.of("g".repeat(41), List.of("*:read")))), 422, "INVALID_ACCESSES");

    Map<String, Object> hundred = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      hundred.put("member-" + i, List.of("*:read"));
    }
    Api.Reply full = served.api().as(token, "POST", "/v2/c/rooms", Map.of("id", "full-18", "usersAccesses", hundred));
    assertError(full, 422, "INVALID_ACCESSES");
    assertEquals(true, full.body().path("message").asText().contains("your own entry"), full.body()::toString);
    hundred.remove("member-0");
    assertEquals(200, served.api().as(token, "POST", "/v2/c/rooms", Map.of("id", "full-18", "usersAccesses", hundred)).status(),
        "99 others and the caller make 100");
  }

  // Item 17: identify-user never issues a token its own verifier refuses.

  @Test
  void identifyUserNeverIssuesATokenTooLargeToVerify() {
    assertEquals(200, served.api().server("POST", "/v2/rooms", Map.of("id", "token-17", "defaultAccesses", List.of("*:read"))).status());
    List<String> wideGroups = new java.util.ArrayList<>();
    List<String> smallGroups = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      wideGroups.add(String.format("%03d", i) + "\u00e9".repeat(37)); // 40 characters, 77 bytes of UTF-8
      smallGroups.add("group-" + i);
    }
    Map<String, Object> userInfo = Map.of("name", "n".repeat(1000));
    Api.Reply wide = served.api().server("POST", "/v2/identify-user", Map.of("userId", "u".repeat(128), "groupIds", wideGroups,
        "userInfo", userInfo));
    assertEquals(422, wide.status(), "a token is never printed: only its status and error code, " + wide.error());
    assertError(wide, 422, "TOKEN_TOO_LARGE");
    assertEquals(true, wide.body().path("message").asText().contains("8192"), wide.body().path("message")::asText);

    Api.Reply small = served.api().server("POST", "/v2/identify-user", Map.of("userId", "u".repeat(128), "groupIds", smallGroups));
    assertEquals(200, small.status(), small::error);
    String token = small.body().path("token").asText();
    assertEquals(200, served.api().server("POST", "/v2/authorize-connection", Map.of("token", token, "roomId", "token-17")).status(),
        "what is issued verifies");
  }

  /** Item 13: a filter pinning thousands of teams is refused before it reads a partition for each. */
  @Test
  void aFilterPinningMoreTeamsThanAUserMayHaveIsRefusedBeforeReading() {
    List<Object> branches = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      branches.add(Map.of("team", "t" + i));
    }
    Map<String, Object> query = Map.of("filter", Map.of("$or", branches));
    Api.Reply rooms = served.api().server("POST", "/v2/rooms/query", query);
    assertEquals(400, rooms.status(), rooms.toString());
    assertEquals("INVALID_FILTER", rooms.error());
    Api.Reply users = served.api().server("POST", "/v2/users/query", Map.of("filter", Map.of("teams", Map.of("$in",
        branches.stream().map(b -> ((Map<?, ?>) b).get("team")).toList()))));
    assertEquals(400, users.status(), users.toString());
    assertEquals("INVALID_FILTER", users.error());
    // As many teams as a user may belong to still run.
    Api.Reply fine = served.api().server("POST", "/v2/rooms/query", Map.of("filter", Map.of("$or", branches.subList(0, 250))));
    assertEquals(200, fine.status(), fine.toString());
  }

  /** Item 11: the largest metadata the per-entry limits allow is refused by name, never a 503 "retry". */
  @Test
  void metadataTooLargeToStoreIs422NamingTheLimitAndWritesNothing() {
    Map<String, Object> metadata = new java.util.LinkedHashMap<>();
    for (int k = 0; k < 50; k++) {
      List<String> values = new java.util.ArrayList<>();
      for (int v = 0; v < 50; v++) {
        values.add(("k" + k + "v" + v + "-").repeat(60).substring(0, 256));
      }
      metadata.put("key" + k, values);
    }
    Api.Reply room = served.api().server("POST", "/v2/rooms", Map.of("id", "too-big", "defaultAccesses", List.of(), "metadata", metadata));
    assertEquals(422, room.status(), room.status() + " " + room.error());
    assertEquals("INVALID_METADATA", room.error());
    assertTrue(room.body().path("message").asText().contains(String.valueOf(dev.gatehouse.permissions.Limits.METADATA_STORED_BYTES_MAX)),
        room.body().path("message").asText());
    assertEquals(404, served.api().server("GET", "/v2/rooms/too-big", null).status(), "nothing written");

    Api.Reply users = served.api().server("POST", "/v2/users", Map.of("users", List.of(Map.of("id", "too-big-user", "metadata", metadata))));
    assertEquals(422, users.status(), users.status() + " " + users.error());
    assertEquals(404, served.api().server("GET", "/v2/users/too-big-user", null).status(), "nothing written");

    // Just inside the budget, the room is stored.
    Map<String, Object> large = new java.util.LinkedHashMap<>();
    metadata.entrySet().stream().limit(20).forEach(e -> large.put(e.getKey(), e.getValue())); // 20 × 50 × 256 = 256,000 bytes + keys
    Api.Reply fits = served.api().server("POST", "/v2/rooms", Map.of("id", "large-but-fits", "defaultAccesses", List.of(), "metadata", large));
    assertEquals(200, fits.status(), fits.status() + " " + fits.error());
  }
}
