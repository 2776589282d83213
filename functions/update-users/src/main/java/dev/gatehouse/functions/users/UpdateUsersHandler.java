package dev.gatehouse.functions.users;

import dev.gatehouse.service.users.UserService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.users.UserJson;
import dev.gatehouse.api.users.UserRequests;

/** {@code PATCH /v2/users}: updates parts of up to 100 users ({@code set}, {@code unset}). */
public final class UpdateUsersHandler extends ApiHandler {
  private final Supplier<UserService> users;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UpdateUsersHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UpdateUsersHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.users = gatehouse.users()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(UserJson.batch(users.get().patch(UserRequests.patch(request.body()))));
  }
}
