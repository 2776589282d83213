package dev.gatehouse.functions.query;

import dev.gatehouse.service.query.QueryService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.query.QueryRequests;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.runtime.Gatehouse;

/** {@code POST /v2/rooms/query}: server-side room query: every room the filter matches, no team injected. */
public final class QueryRoomsHandler extends ApiHandler {
  private final Supplier<QueryService> queries;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public QueryRoomsHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public QueryRoomsHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.queries = gatehouse.users()::queries;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(RoomJson.page(queries.get().rooms(QueryRequests.rooms(request.body()))));
  }
}
