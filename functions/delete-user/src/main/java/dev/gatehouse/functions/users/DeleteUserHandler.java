package dev.gatehouse.functions.users;

import dev.gatehouse.service.users.UserService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;

/** {@code DELETE /v2/users/{userId}}: deletes a user and their team memberships: 204, also when missing. */
public final class DeleteUserHandler extends ApiHandler {
  private final Supplier<UserService> users;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public DeleteUserHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public DeleteUserHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.users = gatehouse.users()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    users.get().delete(request.pathParameter("userId"));
    return HttpResponse.noContent();
  }
}
