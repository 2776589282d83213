package dev.gatehouse.functions.changes;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.changes.ChangesJson;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.changes.ChangeService;
import java.util.function.Supplier;

/**
 * {@code GET /v2/changes?since=&organizationId=&limit=}: the changes that can alter a decision,
 * in commit order, with the cursor to resume from (OpenFGA's ReadChanges, SpiceDB's Watch).
 */
public final class ChangesHandler extends ApiHandler {
  private final Supplier<ChangeService> changes;

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ChangesHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ChangesHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.changes = gatehouse.changes()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(ChangesJson.feed(changes.get(), request));
  }
}
