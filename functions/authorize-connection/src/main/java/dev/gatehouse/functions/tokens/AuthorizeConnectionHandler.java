package dev.gatehouse.functions.tokens;

import dev.gatehouse.service.tokens.TokenService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.tokens.TokenJson;
import dev.gatehouse.api.tokens.TokenRequests;

/**
 * {@code POST /v2/authorize-connection}: checks whether a token may enter a room: 200 with the user
 * and the access matrix, 403 {@code ROOM_ACCESS_DENIED}, 401 {@code INVALID_TOKEN}. {@code POST
 * /v2/authorize-connections}: the same decision for up to 100 rooms, each room's in order. {@code
 * POST /v2/explain}: why a user may or may not enter a room, level by level.
 */
public final class AuthorizeConnectionHandler extends ApiHandler {
  private final Supplier<TokenService> tokens;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public AuthorizeConnectionHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public AuthorizeConnectionHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.tokens = gatehouse.access()::tokens;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    if (request.path().endsWith("/explain")) {
      TokenRequests.Explain explain = TokenRequests.explain(request.body());
      return HttpResponse.ok(TokenJson.explanation(
          tokens.get().explain(explain.userId(), explain.groupIds(), explain.organizationId(), explain.roomId())));
    }
    if (request.path().endsWith("/authorize-connections")) {
      TokenRequests.Connections connections = TokenRequests.connections(request.body());
      return HttpResponse.ok(TokenJson.connections(tokens.get().authorizeConnections(connections.token(), connections.roomIds())));
    }
    TokenRequests.Connection connection = TokenRequests.connection(request.body());
    return HttpResponse.ok(TokenJson.connection(tokens.get().authorizeConnection(connection.token(), connection.roomId())));
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
