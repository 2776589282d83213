package dev.gatehouse.functions.tokens;

import dev.gatehouse.service.tokens.TokenService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import com.amazonaws.services.lambda.runtime.Context;
import dev.gatehouse.runtime.MapHandler;
import dev.gatehouse.api.Json;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.access.ConnectionCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.gatehouse.telemetry.RequestNotes;
import java.util.Optional;

/**
 * A Lambda authorizer (REQUEST type) for API Gateway: WebSocket {@code $connect} and REST APIs
 * (IAM policy response), and HTTP APIs (payload 2.0, simple response). The token comes from the
 * {@code Authorization: Bearer} header or a {@code token} query parameter, the room from a {@code
 * roomId} query parameter. Allowed connections carry the user, tenant and access matrix in the
 * authorizer context.
 *
 * <p>A storage failure is thrown, never answered as a denial: API Gateway turns it into a 500
 * and the client retries, where a 401/403 would send it away for good.
 *
 * <p>A request carrying a token both ways is refused: API Gateway caches an answer under the
 * identity sources, which name one of the two, so deciding on the other would let a cached allow
 * for one token admit another.
 */
public final class ConnectAuthorizerHandler extends MapHandler {
  private final Supplier<TokenService> tokens;

  public ConnectAuthorizerHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ConnectAuthorizerHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.tokens = gatehouse.access()::tokens;
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> event, Context context) {
    boolean simple = "2.0".equals(event.get("version"));
    Map<String, String> query = strings(event.get("queryStringParameters"));
    Optional<String> header = bearer(strings(event.get("headers")));
    Optional<String> token = header.or(() -> Optional.ofNullable(query.get("token")));
    String roomId = query.getOrDefault("roomId", "");
    if (token.isEmpty() || roomId.isEmpty() || header.isPresent() && query.containsKey("token")) {
      RequestNotes.outcome("unauthorized");
      return unauthorized(simple);
    }
    ConnectionCheck.Result result;
    try {
      result = tokens.get().authorizeConnection(token.get(), roomId);
    } catch (StorageException unavailable) {
      // The store could not answer: not a denial. Thrown, it is a function error, which API
      // Gateway answers 500 (REST and WebSocket authorizers: any error but "Unauthorized"; HTTP
      // APIs: any error), so the client retries; a 401/403 would tell it the token or room is bad.
      throw unavailable;
    } catch (GatehouseException denied) {
      // Bad token (401) or room denied (403): either way, no entry.
      RequestNotes.refusal(denied.code(), denied.getMessage());
      boolean roomDenied = denied.errorCode() == ErrorCode.ROOM_ACCESS_DENIED;
      RequestNotes.outcome(roomDenied ? "deny" : "unauthorized");
      return roomDenied ? deny(simple, event) : unauthorized(simple);
    }
    RequestNotes.outcome("allow");
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("userId", result.token().userId());
    ctx.put("organizationId", result.tenant().value());
    ctx.put("roomId", roomId);
    ctx.put("tokenKind", result.token().kind().claim());
    ctx.put("groupIds", String.join(",", result.token().groupIds()));
    ctx.put("permissions", Json.write(Json.MAPPER_FOR_VALUES.valueToTree(result.decision().access().toWire())));
    if (simple) {
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("isAuthorized", true);
      response.put("context", ctx);
      return response;
    }
    return policy(result.token().userId(), "Allow", String.valueOf(event.get("methodArn")), ctx);
  }

  private static Map<String, Object> unauthorized(boolean simple) {
    if (simple) {
      return Map.of("isAuthorized", false);
    }
    // API Gateway answers 401 when a REQUEST authorizer fails with exactly this message.
    throw new RuntimeException("Unauthorized");
  }

  private static Map<String, Object> deny(boolean simple, Map<String, Object> event) {
    return simple ? Map.of("isAuthorized", false) : policy("anonymous", "Deny", String.valueOf(event.get("methodArn")), Map.of());
  }

  private static Map<String, Object> policy(String principal, String effect, String resource, Map<String, Object> ctx) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Action", "execute-api:Invoke");
    statement.put("Effect", effect);
    statement.put("Resource", resource);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", List.of(statement));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("principalId", principal);
    response.put("policyDocument", document);
    if (!ctx.isEmpty()) {
      response.put("context", ctx);
    }
    return response;
  }

  private static Optional<String> bearer(Map<String, String> headers) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase("authorization") && header.getValue() != null
          && header.getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
        return Optional.of(header.getValue().substring(7).trim());
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> strings(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (k != null && v != null) {
          out.put(k.toString(), v.toString());
        }
      });
    }
    return out;
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
