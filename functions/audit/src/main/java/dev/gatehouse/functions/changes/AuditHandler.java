package dev.gatehouse.functions.changes;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.changes.ChangesJson;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.changes.ChangeService;
import java.util.function.Supplier;

/**
 * {@code GET /v2/audit?organizationId=&roomId=&userId=&since=&limit=&startingAfter=}: every write,
 * newest first: who (a secret key by its id, a provisioning event, a client user), what, the target, and the permission fields before and after.
 */
public final class AuditHandler extends ApiHandler {
  private final Supplier<ChangeService> changes;

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public AuditHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public AuditHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.changes = gatehouse.changes()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(ChangesJson.audit(changes.get(), request));
  }
}
