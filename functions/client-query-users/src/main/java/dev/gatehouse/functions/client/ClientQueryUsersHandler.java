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
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.users.UserJson;
import dev.gatehouse.access.Caller;

/** {@code POST /v2/c/users/query}: a user's user search (ID token): the caller's teams are injected unless the filter names teams; users the caller may not see are left out. */
public final class ClientQueryUsersHandler extends ApiHandler {
  private final Supplier<QueryService> queries;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ClientQueryUsersHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ClientQueryUsersHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.queries = gatehouse.users()::queries;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    Caller caller = queries.get().caller(requireBearerToken(request));
    return HttpResponse.ok(UserJson.page(queries.get().usersFor(caller, QueryRequests.users(request.body()))));
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
