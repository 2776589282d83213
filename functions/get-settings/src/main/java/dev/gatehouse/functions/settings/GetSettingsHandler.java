package dev.gatehouse.functions.settings;

import dev.gatehouse.service.settings.SettingsService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.settings.SettingsJson;
import java.util.Optional;

/** {@code GET /v2/settings}: the application settings ({@code multiTenantEnabled}). */
public final class GetSettingsHandler extends ApiHandler {
  private final Supplier<SettingsService> settings;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public GetSettingsHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public GetSettingsHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.settings = gatehouse.settings()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(SettingsJson.settings(settings.get().get(), Optional.empty()));
  }
}
