package dev.gatehouse.functions.users;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.users.RevocationJson;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.revocation.Cutoff;
import dev.gatehouse.service.revocation.RevocationService;
import dev.gatehouse.telemetry.RequestNotes;
import java.util.function.Supplier;

/**
 * {@code POST /v2/users/{userId}/revoke-tokens} and {@code POST /v2/organizations/{organizationId}/revoke-tokens}
 * with {@code {"before"?: time | null}}: every token of the user (or naming the organization, or
 * entering its rooms) issued before the cutoff is refused from the next check on.
 */
public final class RevokeTokensHandler extends ApiHandler {
  private final Supplier<RevocationService> revocations;

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public RevokeTokensHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public RevokeTokensHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.revocations = gatehouse.users()::revocations;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    Cutoff cutoff = RevocationJson.cutoff(request.body());
    String organizationId = request.pathParameters().get("organizationId");
    if (organizationId != null) {
      RevocationService.TenantCutoff revoked = revocations.get().revokeTenantTokens(organizationId, cutoff);
      RequestNotes.tenant(revoked.tenant().value()); // noted once validated
      return HttpResponse.ok(RevocationJson.tenant(revoked));
    }
    return HttpResponse.ok(RevocationJson.user(revocations.get().revokeUserTokens(request.pathParameter("userId"), cutoff)));
  }
}
