package dev.gatehouse.functions.users;

import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.users.UserJson;
import dev.gatehouse.api.users.UserRequests;

/** {@code POST /v2/users}: creates or replaces up to 100 users with their teams and roles; the batch is validated whole first. */
public final class UpsertUsersHandler extends ApiHandler {
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UpsertUsersHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UpsertUsersHandler(Gatehouse gatehouse) {
    super(gatehouse);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(UserJson.batch(gatehouse.users().upsert(UserRequests.upsert(request.body()))));
  }
}
