package dev.gatehouse.functions.settings;

import dev.gatehouse.service.settings.SettingsService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.settings.SettingsJson;

/** {@code POST /v2/settings}: turns multi-tenant mode on or off; turning it off answers with a {@code warning}. */
public final class UpdateSettingsHandler extends ApiHandler {
  private final Supplier<SettingsService> settings;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UpdateSettingsHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UpdateSettingsHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.settings = gatehouse.settings()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(SettingsJson.change(settings.get().update(SettingsJson.update(request.body()))));
  }
}
