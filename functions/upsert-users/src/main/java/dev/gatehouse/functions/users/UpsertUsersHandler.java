package dev.gatehouse.functions.users;

import dev.gatehouse.service.users.UserService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.users.UserJson;
import dev.gatehouse.api.users.UserRequests;

/** {@code POST /v2/users}: creates or replaces up to 100 users with their teams and roles; the batch is validated whole first. */
public final class UpsertUsersHandler extends ApiHandler {
  private final Supplier<UserService> users;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UpsertUsersHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UpsertUsersHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.users = gatehouse.users()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(UserJson.batch(users.get().upsert(UserRequests.upsert(request.body()))));
  }
}
