package dev.gatehouse.runtime;

import dev.gatehouse.api.AwsFailures;
import dev.gatehouse.api.ErrorResponses;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.HttpRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.runtime.wiring.KeyWiring;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.errors.UnauthenticatedException;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.telemetry.RequestNotes;

/**
 * The base of every HTTP handler: decode the event, run {@link #handle}, map failures to the
 * wire error model. Subclasses only translate: authenticate, call one service, map the result.
 */
public abstract class ApiHandler extends JsonStreamHandler {
  private final KeyWiring keys;

  protected ApiHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.keys = gatehouse.keys();
  }

  /** An API Gateway HTTP API event (payload 2.0) in, its response out. */
  @Override
  protected final JsonNode handle(JsonNode event, Context context) {
    String route = event.path("routeKey").asText("-");
    HttpRequest request;
    try {
      request = HttpRequest.fromEvent(event);
    } catch (GatehouseException undecodable) {
      long start = System.nanoTime();
      try (RequestNotes notes = RequestNotes.open()) {
        HttpResponse refused = refused(undecodable);
        accessLine(context, route, refused.status(), notes, start, takeColdStart(),
            event.path("requestContext").path("requestId").asText(""), null);
        return refused.toEvent();
      }
    }
    return respond(request, route, context).toEvent();
  }

  /** Handles a decoded request; never throws. */
  public final HttpResponse respond(HttpRequest request) {
    return respond(request, request.method() + " " + request.path(), null);
  }

  /**
   * Handles a decoded request of this route ({@code POST /v2/rooms/{roomId}}), and writes its
   * access line; never throws.
   */
  public final HttpResponse respond(HttpRequest request, String route, Context context) {
    long start = System.nanoTime();
    boolean coldStart = takeColdStart();
    try (RequestNotes notes = RequestNotes.open()) {
      // Who writes, for the changes a write records: nobody known until authenticated.
      Actor.set(new Actor("anonymous", "-", route));
      HttpResponse response;
      String error = null;
      // Characters never outnumber UTF-8 bytes: a body this long is over the byte limit too.
      if (request.body().length() > HttpRequest.BODY_MAX_BYTES) {
        RequestNotes.code(ErrorCode.PAYLOAD_TOO_LARGE.wire());
        response = ErrorResponses.payloadTooLarge();
      } else {
        try {
          response = handle(request);
        } catch (StorageException e) {
          // A 503 the caller can only retry: the operator needs AWS's reason (a denied action, no credentials).
          error = e.code() + ": " + AwsFailures.describe(e.getCause());
          response = refused(e);
        } catch (GatehouseException e) {
          response = refused(e);
        } catch (RuntimeException e) {
          // The exception's class, message and place only: never the request body or headers.
          RequestNotes.code(ErrorCode.INTERNAL_ERROR.wire());
          error = describe(e);
          response = ErrorResponses.internal(request.requestId());
        }
      }
      accessLine(context, route, response.status(), notes, start, coldStart, request.requestId(), error);
      return response;
    } finally {
      Actor.clear();
    }
  }

  /** The error answer, its code noted, and for a refusal the reason (unless the access check noted its own). */
  private static HttpResponse refused(GatehouseException e) {
    int status = ErrorResponses.status(e);
    if (status == 401 || status == 403) {
      RequestNotes.refusal(e.code(), e.getMessage());
    } else {
      RequestNotes.code(e.code());
    }
    return ErrorResponses.from(e);
  }

  protected abstract HttpResponse handle(HttpRequest request);

  /** An HTTP API event for a priming twin: {@code POST path} with a server-side key and a JSON body. */
  protected static byte[] primingPost(String path, String secretKey, String body) {
    var event = Json.object();
    event.put("version", "2.0").put("routeKey", "POST " + path).put("rawPath", path).put("rawQueryString", "");
    event.putObject("headers").put("authorization", "Bearer " + secretKey).put("content-type", "application/json");
    event.put("body", body).put("isBase64Encoded", false);
    event.putObject("requestContext").put("requestId", "priming").put("domainName", "priming.gatehouse.invalid")
        .putObject("http").put("method", "POST").put("path", path);
    return Json.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Checks the secret key of a server-side request. */
  protected final void requireSecretKey(HttpRequest request) {
    Actor.identified("secretKey", keys.authenticate(request));
  }

  /**
   * The token of a client-side request ({@code Authorization: Bearer <ID token>}), for its service
   * to verify: refused here only when there is none, or it is a secret key.
   */
  protected static String requireBearerToken(HttpRequest request) {
    String header = request.header("authorization").orElse("").trim();
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw new UnauthenticatedException(ErrorCode.MISSING_TOKEN, "Missing token in the Authorization header.",
          "Send Authorization: Bearer <ID token from identify-user>.");
    }
    String token = header.substring(7).trim();
    if (token.startsWith("sk_")) {
      throw new UnauthenticatedException(ErrorCode.WRONG_KEY_USED, "A secret key was sent to a client route.",
          "Client routes take a user's ID token; use the server routes (without /c/) with a secret key.");
    }
    return token;
  }
}
