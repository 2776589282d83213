package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.StorageException;

/**
 * The one place errors become HTTP: each {@link GatehouseException} subtype has one status, and
 * the body is {@code {"error", "message", "suggestion"}}, the shape the Liveblocks SDKs parse.
 */
public final class ErrorResponses {
  private ErrorResponses() {}

  /**
   * The status of a failure: its code's, which is one per exception subtype (400 invalid request,
   * 401 unauthenticated, 403 forbidden, 404 not found, 409 conflict, 422 invalid input, 503
   * storage, 429 rate limited; {@code ErrorCodeTest} holds each code to its subtype's).
   */
  public static int status(GatehouseException e) {
    return e.errorCode().status();
  }

  /** Seconds a caller should wait before retrying a 503 (the SDKs' and API Gateway's clients honour it). */
  static final String RETRY_AFTER_SECONDS = "1";

  public static HttpResponse from(GatehouseException e) {
    HttpResponse response = body(e.errorCode(), e.getMessage(), e.suggestion());
    return switch (e) {
      case StorageException unavailable -> response.withHeader("retry-after", RETRY_AFTER_SECONDS);
      case dev.gatehouse.errors.RateLimitedException limited -> response.withHeader("retry-after", String.valueOf(limited.retryAfterSeconds()));
      default -> response;
    };
  }

  /** A body over {@link HttpRequest#BODY_MAX_BYTES}: refused before it is authenticated or parsed. */
  public static HttpResponse payloadTooLarge() {
    return body(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than 6 MB (Lambda's payload limit).",
        "Send a smaller body: split user batches, keep room metadata small.");
  }

  /** An unexpected failure: no detail leaves the service, the request id ties it to the log. */
  public static HttpResponse internal(String requestId) {
    return body(ErrorCode.INTERNAL_ERROR, "Gatehouse failed to handle this request.",
        "Retry; if it keeps failing, look up request id " + requestId + " in the function's logs.");
  }

  /** A body for {@code code}, sent with its status. */
  public static HttpResponse body(ErrorCode code, String message, String suggestion) {
    return body(code.status(), code, message, suggestion);
  }

  /**
   * A body for {@code code} sent with another status: only for {@link ErrorCode#INVALID_HTTP_REQUEST},
   * whose status is the framing fault's.
   */
  public static HttpResponse body(int status, ErrorCode code, String message, String suggestion) {
    ObjectNode body = Json.object();
    body.put("error", code.wire());
    body.put("message", message);
    body.put("suggestion", suggestion);
    return HttpResponse.json(status, body);
  }
}
