package dev.gatehouse.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  /** The status each exception subtype is sent with: every code of a subtype must agree. */
  private static final Map<Class<? extends GatehouseException>, Integer> STATUS_OF_KIND = Map.of(
      InvalidRequestException.class, 400,
      UnauthenticatedException.class, 401,
      ForbiddenException.class, 403,
      NotFoundException.class, 404,
      ConflictException.class, 409,
      InvalidInputException.class, 422,
      StorageException.class, 503,
      RateLimitedException.class, 429);

  @Test
  void everyCodeOfAKindHasThatKindsStatus() {
    for (ErrorCode code : ErrorCode.values()) {
      code.kind().ifPresent(kind -> assertEquals(STATUS_OF_KIND.get(kind), code.status(), code.name()));
    }
  }

  @Test
  void theHttpLayersOwnCodesHaveNoKind() {
    for (ErrorCode code : new ErrorCode[] {ErrorCode.INVALID_PATH, ErrorCode.INVALID_HTTP_REQUEST,
        ErrorCode.ROUTE_NOT_FOUND, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.INTERNAL_ERROR}) {
      assertTrue(code.kind().isEmpty(), code.name());
    }
  }

  @Test
  void anExceptionCarriesItsCodeAndSendsItsName() {
    var e = new ConflictException(ErrorCode.ROOM_ALREADY_EXISTS, "The room exists.", "Use another id.");
    assertSame(ErrorCode.ROOM_ALREADY_EXISTS, e.errorCode());
    assertEquals("ROOM_ALREADY_EXISTS", e.code());
    assertSame(ErrorCode.STORAGE_UNAVAILABLE, new StorageException("down", null).errorCode());
  }

  @Test
  void aCodeOfAnotherKindFailsFast() {
    var notFoundAsConflict = assertThrows(IllegalArgumentException.class,
        () -> new ConflictException(ErrorCode.ROOM_NOT_FOUND, "m", "s"));
    assertEquals("ROOM_NOT_FOUND is not a code of ConflictException (NotFoundException, 404)",
        notFoundAsConflict.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new InvalidRequestException(ErrorCode.MISSING_FIELD, "m", "s")); // 422, not 400
    assertThrows(IllegalArgumentException.class,
        () -> new InvalidInputException(ErrorCode.INVALID_BODY, "field", "m", "s")); // 400, not 422
    assertThrows(IllegalArgumentException.class,
        () -> new ForbiddenException(ErrorCode.INVALID_TOKEN, "m", "s")); // 401, not 403
  }

  @Test
  void aCodeTheHttpLayerAnswersItselfFailsFastInAnException() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new NotFoundException(ErrorCode.ROUTE_NOT_FOUND, "m", "s")); // 404 too, but no exception's
    assertEquals("ROUTE_NOT_FOUND is not a code of NotFoundException (the HTTP layer's own, 404)", e.getMessage());
  }

  @Test
  void everyCodeOfEveryKindCanBeThrown() {
    for (ErrorCode code : ErrorCode.values()) {
      code.kind().ifPresent(kind -> assertEquals(code, throwable(kind, code).errorCode(), code.name()));
    }
  }

  private static GatehouseException throwable(Class<? extends GatehouseException> kind, ErrorCode code) {
    if (kind == InvalidRequestException.class) return new InvalidRequestException(code, "m", "s");
    if (kind == UnauthenticatedException.class) return new UnauthenticatedException(code, "m", "s");
    if (kind == ForbiddenException.class) return new ForbiddenException(code, "m", "s");
    if (kind == NotFoundException.class) return new NotFoundException(code, "m", "s");
    if (kind == ConflictException.class) return new ConflictException(code, "m", "s");
    if (kind == InvalidInputException.class) return new InvalidInputException(code, "f", "m", "s");
    if (kind == RateLimitedException.class) return new RateLimitedException(code, "m", "s", 1);
    return new StorageException("m", null);
  }
}
