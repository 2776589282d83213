package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.service.rooms.ListRooms;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.rooms.RoomPatch;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestDecodingTest {

  @Test
  void httpApiEventsDecode() {
    String body = Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    String event = """
        {"version": "2.0", "routeKey": "POST /v2/rooms/{roomId}", "rawPath": "/v2/rooms/a%3Ab",
         "rawQueryString": "idempotent&limit=5", "queryStringParameters": {"limit": "5"},
         "headers": {"Authorization": "Bearer x"}, "pathParameters": {"roomId": "a%3Ab"},
         "body": "BODY", "isBase64Encoded": true,
         "requestContext": {"requestId": "r-1", "http": {"method": "POST"}}}
        """.replace("BODY", body);
    HttpRequest request = HttpRequest.fromEvent(Json.parseTree(event));
    assertEquals("POST", request.method());
    assertEquals(Optional.of("Bearer x"), request.header("authorization"), "header names are lower-cased");
    assertEquals(Optional.of(""), request.queryParameter("idempotent"), "a bare flag is present");
    assertEquals(Optional.of("5"), request.queryParameter("limit"));
    assertEquals("a:b", request.pathParameter("roomId"), "a still-encoded path parameter is decoded once");
    assertEquals("{\"a\":1}", request.body());
    assertEquals("r-1", request.requestId());
  }

  @Test
  void anUndecodableQueryOrBodyIsABadRequest() {
    for (String rawQuery : List.of("idempotent%zz", "%", "a=1&%E0%A4%A")) {
      var event = Json.parseTree("{\"rawQueryString\": \"" + rawQuery + "\"}");
      assertEquals("INVALID_QUERY_STRING", assertThrows(InvalidRequestException.class, () -> HttpRequest.fromEvent(event)).code(), rawQuery);
    }
    var notBase64 = Json.parseTree("{\"body\": \"not base64!\", \"isBase64Encoded\": true}");
    assertEquals("INVALID_BODY", assertThrows(InvalidRequestException.class, () -> HttpRequest.fromEvent(notBase64)).code());
  }

  @Test
  void aMinimalEventDecodesWithDefaults() {
    HttpRequest request = HttpRequest.fromEvent(Json.parseTree("{\"body\": null, \"headers\": null}"));
    assertEquals("GET", request.method());
    assertEquals("/", request.path());
    assertEquals("", request.body());
    assertTrue(request.headers().isEmpty());
  }

  @Test
  void responsesRoundTripThroughTheirEventForm() {
    HttpResponse response = new HttpResponse(201, Map.of("content-type", "application/json"), "{\"x\":1}");
    var event = response.toEvent();
    assertEquals(201, event.get("statusCode").asInt());
    assertEquals(false, event.get("isBase64Encoded").asBoolean());
    assertEquals(response, HttpResponse.fromEvent(event));
  }

  @Test
  void alreadyDecodedPathParametersStayAsTheyAre() {
    assertEquals("a:b", HttpRequest.decodePathParameter("a:b"));
    assertEquals("100% sure", HttpRequest.decodePathParameter("100% sure"));
    assertEquals("a+b ", HttpRequest.decodePathParameter("a+b%20"), "a plus stays a plus");
  }

  @Test
  void createBodies() {
    NewRoom room = RoomRequests.create("{\"id\":\"r\",\"defaultAccesses\":[\"*:read\"],\"tenantId\":\"acme\",\"engine\":2,"
        + "\"usersAccesses\":{\"u\":[\"*:write\"]},\"metadata\":{\"tags\":[\"a\"],\"n\":3,\"b\":true,\"o\":{}}}");
    assertEquals("r", room.id());
    assertEquals(Optional.of("acme"), room.organizationId(), "tenantId is organizationId's older name");
    assertEquals(Map.of("u", List.of("*:write")), room.usersAccesses());
    assertEquals(List.of("a"), room.metadata().get("tags"));
    assertEquals(3, room.metadata().get("n"), "non-strings pass through to be rejected by the limits");
    assertEquals(true, room.metadata().get("b"), "a boolean is not stringified");
    assertEquals(Map.of(), room.metadata().get("o"), "nor is an object");

    assertEquals("MISSING_FIELD", assertThrows(InvalidInputException.class, () -> RoomRequests.create("{\"defaultAccesses\":[]}")).code());
    assertEquals("INVALID_TENANT", assertThrows(InvalidInputException.class,
        () -> RoomRequests.create("{\"id\":\"r\",\"defaultAccesses\":[],\"organizationId\":\"a\",\"tenantId\":\"b\"}")).code());
    InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
        () -> RoomRequests.create("{\"id\":\"r\",\"defaultAccesses\":[],\"userAccesses\":{}}"));
    assertTrue(unknown.getMessage().contains("Unknown field 'userAccesses'"));
    assertEquals("INVALID_BODY", assertThrows(InvalidRequestException.class,
        () -> RoomRequests.create("{\"id\":\"r\",\"defaultAccesses\":[],\"usersAccesses\":{\"u\":null}}")).code());
    assertEquals("INVALID_BODY", assertThrows(InvalidRequestException.class,
        () -> RoomRequests.create("{\"id\":5,\"defaultAccesses\":[]}")).code());
    assertEquals("INVALID_JSON", assertThrows(InvalidRequestException.class, () -> RoomRequests.create("{\"id\":\"r\"} trailing")).code());
    assertEquals("INVALID_BODY", assertThrows(InvalidRequestException.class, () -> RoomRequests.create("")).code());
  }

  @Test
  void updateBodiesDistinguishAbsentNullAndValues() {
    RoomPatch patch = RoomRequests.update("{\"defaultAccesses\":null,\"usersAccesses\":{\"a\":null,\"b\":[\"*:read\"]},\"groupsAccesses\":null,\"metadata\":{\"k\":null,\"v\":\"x\"}}");
    assertEquals(Optional.of(List.of()), patch.defaultAccesses(), "null defaultAccesses makes the room private");
    assertEquals(Set.of("a"), patch.usersAccesses().remove());
    assertEquals(Map.of("b", List.of("*:read")), patch.usersAccesses().set());
    assertTrue(patch.groupsAccesses().clear());
    assertEquals(Set.of("k"), patch.metadata().remove());
    assertTrue(RoomRequests.update("{}").isEmpty());
  }

  @Test
  void upsertBodies() {
    RoomRequests.Upsert upsert = RoomRequests.upsert("{\"update\":{\"metadata\":{\"a\":\"b\"}},\"create\":{\"defaultAccesses\":[\"*:read\"]}}", "room-9");
    assertEquals("room-9", upsert.create().orElseThrow().id());
    assertEquals("MISSING_FIELD", assertThrows(InvalidInputException.class, () -> RoomRequests.upsert("{\"create\":{}}", "r")).code());
    assertEquals("INVALID_BODY", assertThrows(InvalidRequestException.class,
        () -> RoomRequests.upsert("{\"update\":{},\"create\":{\"id\":\"other\"}}", "r")).code());
  }

  @Test
  void listQueries() {
    HttpRequest request = new HttpRequest("GET", "/v2/rooms", Map.of(),
        Map.of("limit", "7", "groupIds", "a, b,,c", "userId", "u", "tenantId", "acme", "metadata.color", "blue", "query", "roomId^'x'"),
        Map.of(), "", "");
    ListRooms list = RoomRequests.list(request);
    assertEquals(7, list.limit());
    assertEquals(List.of("a", "b", "c"), list.groupIds());
    assertEquals(Optional.of("acme"), list.organizationId());
    assertEquals(Map.of("color", "blue"), list.legacyMetadata());
    assertEquals(20, RoomRequests.list(new HttpRequest("GET", "/", Map.of(), Map.of(), Map.of(), "", "")).limit());
  }
}
