package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.errors.UnauthenticatedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

  @Test
  void everyStorageFailureTellsTheCallerWhenToRetry() {
    HttpResponse response = ErrorResponses.from(new StorageException("Could not write user: the store is unavailable.", null));
    assertEquals(503, response.status());
    assertEquals("1", response.headers().get("retry-after"), "a 503 says when to come back (RFC 9110 §10.2.3)");
    assertEquals("application/json; charset=utf-8", response.headers().get("content-type"));
    assertEquals("STORAGE_UNAVAILABLE", Json.parseTree(response.body()).path("error").asText());
  }

  @Test
  void otherErrorsCarryNoRetryAfter() {
    HttpResponse response = ErrorResponses.from(new ConflictException(ErrorCode.ROOM_ALREADY_EXISTS, "The room exists.", "Use another id."));
    assertEquals(409, response.status());
    assertFalse(response.headers().containsKey("retry-after"));
  }

  @Test
  void eachKindOfFailureKeepsItsStatusAndSendsItsCodesName() {
    record Case(GatehouseException failure, int status, String error) {}
    for (Case c : List.of(
        new Case(new InvalidRequestException(ErrorCode.INVALID_JSON, "m", "s"), 400, "INVALID_JSON"),
        new Case(new UnauthenticatedException(ErrorCode.INVALID_TOKEN, "m", "s"), 401, "INVALID_TOKEN"),
        new Case(new ForbiddenException(ErrorCode.ROOM_ACCESS_DENIED, "m", "s"), 403, "ROOM_ACCESS_DENIED"),
        new Case(new NotFoundException(ErrorCode.USER_NOT_FOUND, "m", "s"), 404, "USER_NOT_FOUND"),
        new Case(new ConflictException(ErrorCode.CONCURRENT_UPDATE, "m", "s"), 409, "CONCURRENT_UPDATE"),
        new Case(new InvalidInputException(ErrorCode.MISSING_FIELD, "id", "m", "s"), 422, "MISSING_FIELD"),
        new Case(new StorageException("m", null), 503, "STORAGE_UNAVAILABLE"))) {
      HttpResponse response = ErrorResponses.from(c.failure());
      assertEquals(c.status(), response.status(), c.error());
      var body = Json.parseTree(response.body());
      assertEquals(c.error(), body.path("error").asText());
      assertEquals("m", body.path("message").asText());
      assertEquals(c.failure().suggestion(), body.path("suggestion").asText());
    }
  }

  @Test
  void theHttpLayersOwnCodesGoOutWithTheirStatus() {
    assertEquals(413, ErrorResponses.payloadTooLarge().status());
    assertEquals("PAYLOAD_TOO_LARGE", Json.parseTree(ErrorResponses.payloadTooLarge().body()).path("error").asText());
    assertEquals(500, ErrorResponses.internal("req-1").status());
    assertEquals("INTERNAL_ERROR", Json.parseTree(ErrorResponses.internal("req-1").body()).path("error").asText());
    assertEquals(404, ErrorResponses.body(ErrorCode.ROUTE_NOT_FOUND, "m", "s").status());
    HttpResponse framing = ErrorResponses.body(431, ErrorCode.INVALID_HTTP_REQUEST, "m", "s");
    assertEquals(431, framing.status(), "a framing refusal keeps the fault's status");
    assertEquals("INVALID_HTTP_REQUEST", Json.parseTree(framing.body()).path("error").asText());
  }
}
