package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.StorageException;
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
    HttpResponse response = ErrorResponses.from(new ConflictException("ROOM_ALREADY_EXISTS", "The room exists.", "Use another id."));
    assertEquals(409, response.status());
    assertFalse(response.headers().containsKey("retry-after"));
  }
}
