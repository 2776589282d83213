package dev.gatehouse.functions.webhooks;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.webhooks.WebhooksJson;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.webhooks.WebhookService;
import java.util.function.Supplier;

/**
 * {@code POST /v2/webhooks} ({@code {"url", "events"?}}: the webhook with its {@code whsec_}
 * secret, shown only here), {@code GET /v2/webhooks} (every webhook and where its delivery
 * stands, no secrets) and {@code DELETE /v2/webhooks/{webhookId}} (204).
 */
public final class WebhooksHandler extends ApiHandler {
  private final Supplier<WebhookService> webhooks;

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public WebhooksHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public WebhooksHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.webhooks = gatehouse.webhooks()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return switch (request.method()) {
      case "POST" -> {
        WebhooksJson.Registration registration = WebhooksJson.registration(request.body());
        yield HttpResponse.ok(WebhooksJson.webhook(webhooks.get().register(registration.url(), registration.events()), true));
      }
      case "DELETE" -> {
        webhooks.get().delete(request.pathParameter("webhookId"));
        yield HttpResponse.noContent();
      }
      default -> HttpResponse.ok(WebhooksJson.list(webhooks.get().list()));
    };
  }
}
