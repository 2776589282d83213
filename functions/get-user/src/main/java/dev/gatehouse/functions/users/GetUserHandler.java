package dev.gatehouse.functions.users;

import dev.gatehouse.service.users.UserService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.users.UserJson;

/** {@code GET /v2/users/{userId}}: returns one user, with their revocation cutoff and whether they are deactivated. */
public final class GetUserHandler extends ApiHandler {
  private final Supplier<UserService> users;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public GetUserHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public GetUserHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.users = gatehouse.users()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    UserService.Profile profile = users.get().profile(request.pathParameter("userId"));
    return HttpResponse.ok(UserJson.user(profile.user(), profile.status()));
  }
}
