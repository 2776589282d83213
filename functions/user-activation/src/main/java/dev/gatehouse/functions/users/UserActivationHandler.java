package dev.gatehouse.functions.users;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.users.RevocationJson;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.revocation.RevocationService;
import java.util.function.Supplier;

/**
 * {@code POST /v2/users/{userId}/deactivate}: revokes every token of the user and refuses them
 * new ones ({@code 403 USER_DEACTIVATED}); {@code POST /v2/users/{userId}/reactivate} lifts that.
 * Both take no body (an empty JSON object is accepted) and answer the user's status.
 */
public final class UserActivationHandler extends ApiHandler {
  private final Supplier<RevocationService> revocations;

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UserActivationHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UserActivationHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.revocations = gatehouse.users()::revocations;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    if (request.body() != null && !request.body().isBlank()) {
      Json.allowOnly(Json.parseObject(request.body()), "this request", Json.names());
    }
    String userId = request.pathParameter("userId");
    boolean reactivate = request.path().endsWith("/reactivate");
    return HttpResponse.ok(RevocationJson.user(reactivate ? revocations.get().reactivate(userId) : revocations.get().deactivate(userId)));
  }
}
