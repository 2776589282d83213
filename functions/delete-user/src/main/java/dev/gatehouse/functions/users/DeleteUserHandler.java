package dev.gatehouse.functions.users;

import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;

/** {@code DELETE /v2/users/{userId}}: deletes a user and their team memberships: 204, also when missing. */
public final class DeleteUserHandler extends ApiHandler {
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public DeleteUserHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public DeleteUserHandler(Gatehouse gatehouse) {
    super(gatehouse);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    gatehouse.users().delete(request.pathParameter("userId"));
    return HttpResponse.noContent();
  }
}
