package dev.gatehouse.functions.client;

import dev.gatehouse.service.query.QueryService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.query.QueryRequests;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.access.Caller;

/** {@code POST /v2/c/rooms/query}: a user's room query (ID token): the caller's teams are injected unless the filter names the team; rooms of teams out of reach make it a 403. */
public final class ClientQueryRoomsHandler extends ApiHandler {
  private final Supplier<QueryService> queries;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ClientQueryRoomsHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ClientQueryRoomsHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.queries = gatehouse.users()::queries;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    Caller caller = queries.get().caller(requireBearerToken(request));
    return HttpResponse.ok(RoomJson.page(queries.get().roomsFor(caller, QueryRequests.rooms(request.body()))));
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
