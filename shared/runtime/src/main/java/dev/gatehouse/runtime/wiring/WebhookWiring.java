package dev.gatehouse.runtime.wiring;

import dev.gatehouse.api.Json;
import dev.gatehouse.api.changes.ChangesJson;
import dev.gatehouse.api.webhooks.WebhooksJson;
import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.webhooks.WebhookDispatcher;
import dev.gatehouse.service.webhooks.WebhookService;
import dev.gatehouse.service.webhooks.WebhookUrls;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The webhooks' registration and the dispatcher that delivers the change log to them and to the bus. */
public final class WebhookWiring {
  private final Lazy<WebhookService> service;
  private final Lazy<WebhookDispatcher> dispatcher;

  public WebhookWiring(StoreWiring store, Clock clock, Duration retention, WebhookUrls urls, String projectId,
      Optional<WebhookDispatcher.Bus> bus, WebhookDispatcher.Transport transport) {
    this.service = Lazy.of(() -> new WebhookService(store.webhooks(), store.changes(), urls, clock, retention));
    this.dispatcher = Lazy.of(() -> new WebhookDispatcher(store.webhooks(), store.changes(), transport, bus,
        change -> WebhooksJson.body(change, projectId), urls, clock, retention));
  }

  /** The body the bus's events carry: the change as the feed shows it. */
  public static String busDetail(dev.gatehouse.store.changes.Change change) {
    return Json.write(ChangesJson.change(change));
  }

  public WebhookService service() {
    return service.get();
  }

  public WebhookDispatcher dispatcher() {
    return dispatcher.get();
  }
}
