package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
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
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withRawPath("/v2/rooms/a%3Ab")
        .withRawQueryString("idempotent&limit=5")
        .withQueryStringParameters(Map.of("limit", "5"))
        .withHeaders(Map.of("Authorization", "Bearer x"))
        .withPathParameters(Map.of("roomId", "a%3Ab"))
        .withBody(Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .withIsBase64Encoded(true)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("r-1")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build())
        .build();
    HttpRequest request = HttpRequest.from(event);
    assertEquals("POST", request.method());
    assertEquals(Optional.of("Bearer x"), request.header("authorization"), "header names are lower-cased");
    assertEquals(Optional.of(""), request.queryParameter("idempotent"), "a bare flag is present");
    assertEquals(Optional.of("5"), request.queryParameter("limit"));
    assertEquals("a:b", request.pathParameter("roomId"), "a still-encoded path parameter is decoded once");
    assertEquals("{\"a\":1}", request.body());
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
        + "\"usersAccesses\":{\"u\":[\"*:write\"]},\"metadata\":{\"tags\":[\"a\"],\"n\":3}}");
    assertEquals("r", room.id());
    assertEquals(Optional.of("acme"), room.organizationId(), "tenantId is organizationId's older name");
    assertEquals(Map.of("u", List.of("*:write")), room.usersAccesses());
    assertEquals(List.of("a"), room.metadata().get("tags"));
    assertEquals(3, room.metadata().get("n"), "non-strings pass through to be rejected by the limits");

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
