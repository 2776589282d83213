package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.errors.UnauthenticatedException;

/**
 * The one place errors become HTTP: each {@link GatehouseException} subtype has one status, and
 * the body is {@code {"error", "message", "suggestion"}}, the shape the Liveblocks SDKs parse.
 */
public final class ErrorResponses {
  private ErrorResponses() {}

  /** The status for each kind of failure. */
  public static int status(GatehouseException e) {
    return switch (e) {
      case InvalidRequestException x -> 400;
      case UnauthenticatedException x -> 401;
      case ForbiddenException x -> 403;
      case NotFoundException x -> 404;
      case ConflictException x -> 409;
      case InvalidInputException x -> 422;
      case StorageException x -> 503;
    };
  }

  /** Seconds a caller should wait before retrying a 503 (the SDKs' and API Gateway's clients honour it). */
  static final String RETRY_AFTER_SECONDS = "1";

  public static HttpResponse from(GatehouseException e) {
    HttpResponse response = body(status(e), e.code(), e.getMessage(), e.suggestion());
    return e instanceof StorageException ? response.withHeader("retry-after", RETRY_AFTER_SECONDS) : response;
  }

  /** A body over {@link HttpRequest#BODY_MAX_BYTES}: refused before it is authenticated or parsed. */
  public static HttpResponse payloadTooLarge() {
    return body(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 6 MB (Lambda's payload limit).",
        "Send a smaller body: split user batches, keep room metadata small.");
  }

  /** An unexpected failure: no detail leaves the service, the request id ties it to the log. */
  public static HttpResponse internal(String requestId) {
    return body(500, "INTERNAL_ERROR", "Gatehouse failed to handle this request.",
        "Retry; if it keeps failing, look up request id " + requestId + " in the function's logs.");
  }

  public static HttpResponse body(int status, String code, String message, String suggestion) {
    ObjectNode body = Json.object();
    body.put("error", code);
    body.put("message", message);
    body.put("suggestion", suggestion);
    return HttpResponse.json(status, body);
  }
}
