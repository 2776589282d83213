package dev.gatehouse.runtime.webhooks;

import dev.gatehouse.service.webhooks.WebhookDispatcher;
import dev.gatehouse.store.changes.Change;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The stack's EventBridge bus: one event per change, {@code source} {@value #SOURCE}, {@code
 * detail-type} the change's type, {@code detail} the change as the feed shows it, {@code time}
 * when it was made. PutEvents takes up to ten entries; those before the first it refused count.
 */
public final class EventBridgeBus implements WebhookDispatcher.Bus {
  public static final String SOURCE = "gatehouse.changes";
  private final Supplier<EventBridgeClient> client;
  private final String busName;
  private final Function<Change, String> detail;

  public EventBridgeBus(Supplier<EventBridgeClient> client, String busName, Function<Change, String> detail) {
    this.client = client;
    this.busName = busName;
    this.detail = detail;
  }

  @Override
  public String name() {
    return busName;
  }

  @Override
  public int publish(List<Change> changes) {
    List<PutEventsRequestEntry> entries = changes.stream().map(c -> PutEventsRequestEntry.builder()
        .eventBusName(busName).source(SOURCE).detailType(c.type().wireName()).detail(detail.apply(c)).time(c.at()).build()).toList();
    PutEventsResponse response = client.get().putEvents(b -> b.entries(entries));
    List<PutEventsResultEntry> results = response.entries();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).errorCode() != null) {
        return i;
      }
    }
    return response.failedEntryCount() == null || response.failedEntryCount() == 0 ? changes.size() : 0;
  }
}
