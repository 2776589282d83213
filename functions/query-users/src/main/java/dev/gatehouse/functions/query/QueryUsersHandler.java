package dev.gatehouse.functions.query;

import dev.gatehouse.service.query.QueryService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.query.QueryRequests;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.users.UserJson;

/** {@code POST /v2/users/query}: server-side user query: every user the filter matches, no team injected. */
public final class QueryUsersHandler extends ApiHandler {
  private final Supplier<QueryService> queries;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public QueryUsersHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public QueryUsersHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.queries = gatehouse.users()::queries;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(UserJson.page(queries.get().users(QueryRequests.users(request.body()))));
  }
}
