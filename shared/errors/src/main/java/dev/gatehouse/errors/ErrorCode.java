package dev.gatehouse.errors;

import java.util.Optional;

/**
 * Every code the API can send as {@code error}, with the HTTP status it is sent with and the
 * {@link GatehouseException} subtype that carries it (none for the few the HTTP layer answers
 * itself). The constant's name is the wire string. The README's "Error codes" table lists the
 * same set; {@code ErrorCodeDocsTest} keeps the two equal.
 *
 * <p>Callers branch on these values ({@code e.errorCode() == ROOM_ALREADY_EXISTS}) or on the
 * exception's type, never on the wire string.
 */
public enum ErrorCode {
  /** 400: the request cannot be read at all. */
  INVALID_BODY(400, InvalidRequestException.class),
  INVALID_JSON(400, InvalidRequestException.class),
  INVALID_QUERY_STRING(400, InvalidRequestException.class),
  INVALID_FILTER(400, InvalidRequestException.class),
  INVALID_CURSOR(400, InvalidRequestException.class),
  MISSING_TEAM(400, InvalidRequestException.class),

  /** 401: no credential, or one that cannot be trusted. */
  MISSING_SECRET_KEY(401, UnauthenticatedException.class),
  MISSING_TOKEN(401, UnauthenticatedException.class),
  WRONG_KEY_USED(401, UnauthenticatedException.class),
  INVALID_TOKEN(401, UnauthenticatedException.class),
  TOKEN_EXPIRED(401, UnauthenticatedException.class),
  TOKEN_REVOKED(401, UnauthenticatedException.class),

  /** 403: the caller is known but not allowed. */
  INVALID_SECRET_KEY(403, ForbiddenException.class),
  ID_TOKEN_REQUIRED(403, ForbiddenException.class),
  ROOM_ACCESS_DENIED(403, ForbiddenException.class),
  TEAM_ACCESS_DENIED(403, ForbiddenException.class),
  USER_DEACTIVATED(403, ForbiddenException.class),

  /** 404: the addressed resource does not exist. */
  ROOM_NOT_FOUND(404, NotFoundException.class),
  USER_NOT_FOUND(404, NotFoundException.class),
  WEBHOOK_NOT_FOUND(404, NotFoundException.class),
  GROUP_NOT_FOUND(404, NotFoundException.class),
  /**
   * A Liveblocks route of the realtime server itself ({@code prewarmRoom}, {@code getActiveUsers}):
   * Gatehouse hosts no connections, so it has no such resource. A 4xx, not a 501: the caller's
   * call can never succeed here, and it is no server fault for an operator's alarms.
   */
  REALTIME_SERVER_REQUIRED(404, NotFoundException.class),

  /** 409: the id is taken, or a race was lost. */
  ROOM_ALREADY_EXISTS(409, ConflictException.class),
  GROUP_ALREADY_EXISTS(409, ConflictException.class),
  CONCURRENT_UPDATE(409, ConflictException.class),

  /** 422: the request was read but a value breaks a rule or a limit; the message names the field. */
  MISSING_FIELD(422, InvalidInputException.class),
  EMPTY_UPDATE(422, InvalidInputException.class),
  INVALID_ROOM_ID(422, InvalidInputException.class),
  INVALID_USER_ID(422, InvalidInputException.class),
  INVALID_PATTERN(422, InvalidInputException.class),
  INVALID_PERMISSION(422, InvalidInputException.class),
  INVALID_ACCESSES(422, InvalidInputException.class),
  INVALID_METADATA(422, InvalidInputException.class),
  INVALID_GROUP_IDS(422, InvalidInputException.class),
  INVALID_USER_INFO(422, InvalidInputException.class),
  TOKEN_TOO_LARGE(422, InvalidInputException.class),
  INVALID_TENANT(422, InvalidInputException.class),
  TENANT_IMMUTABLE(422, InvalidInputException.class),
  INVALID_TEAMS(422, InvalidInputException.class),
  INVALID_ROLE(422, InvalidInputException.class),
  INVALID_USER(422, InvalidInputException.class),
  INVALID_BATCH(422, InvalidInputException.class),
  INVALID_LIMIT(422, InvalidInputException.class),
  INVALID_QUERY(422, InvalidInputException.class),
  INVALID_EVENT(422, InvalidInputException.class),
  INVALID_CUTOFF(422, InvalidInputException.class),
  INVALID_WEBHOOK_URL(422, InvalidInputException.class),
  INVALID_WEBHOOK_EVENTS(422, InvalidInputException.class),
  TOO_MANY_WEBHOOKS(422, InvalidInputException.class),
  INVALID_GROUP_ID(422, InvalidInputException.class),
  INVALID_MEMBERS(422, InvalidInputException.class),
  INVALID_SCOPES(422, InvalidInputException.class),

  /** 429: the tenant's quota for client room creation or client queries is spent; sent with {@code retry-after}. */
  RATE_LIMITED(429, RateLimitedException.class),

  /** 503: the store failed in a way the caller cannot fix; sent with {@code retry-after}. */
  STORAGE_UNAVAILABLE(503, StorageException.class),

  /**
   * Answered by the HTTP layer itself, before or around a handler: no exception carries them.
   * {@code INVALID_PATH}, {@code ROUTE_NOT_FOUND} and {@code INVALID_HTTP_REQUEST} come from the
   * local server only (API Gateway answers those cases itself); {@code INVALID_HTTP_REQUEST} is
   * sent with the status of the framing fault (400, 417, 431, 501 or 505).
   */
  INVALID_PATH(400, null),
  INVALID_HTTP_REQUEST(400, null),
  ROUTE_NOT_FOUND(404, null),
  PAYLOAD_TOO_LARGE(413, null),
  INTERNAL_ERROR(500, null);

  private final int status;
  private final Class<? extends GatehouseException> kind;

  ErrorCode(int status, Class<? extends GatehouseException> kind) {
    this.status = status;
    this.kind = kind;
  }

  /** The HTTP status this code is sent with. */
  public int status() {
    return status;
  }

  /** The exception subtype that carries this code; empty for codes the HTTP layer answers itself. */
  public Optional<Class<? extends GatehouseException>> kind() {
    return Optional.ofNullable(kind);
  }

  /** The string sent as {@code error}. */
  public String wire() {
    return name();
  }
}
