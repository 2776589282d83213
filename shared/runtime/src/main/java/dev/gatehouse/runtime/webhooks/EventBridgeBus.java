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

  /**
   * PutEvents takes at most 256 KB of entries per request (each entry's source, detail-type,
   * detail and 14 bytes for its time); requests are cut below it, with room to spare.
   */
  static final int REQUEST_BYTES = 240 * 1024;

  @Override
  public int publish(List<Change> changes) {
    int taken = 0;
    while (taken < changes.size()) {
      List<PutEventsRequestEntry> entries = new java.util.ArrayList<>();
      int bytes = 0;
      for (int i = taken; i < changes.size(); i++) {
        PutEventsRequestEntry entry = entry(changes.get(i));
        int size = size(entry);
        if (!entries.isEmpty() && bytes + size > REQUEST_BYTES) {
          break;
        }
        entries.add(entry);
        bytes += size;
      }
      PutEventsResponse response = client.get().putEvents(b -> b.entries(entries));
      List<PutEventsResultEntry> results = response.entries();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) {
          return taken + i;
        }
      }
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        return taken;
      }
      taken += entries.size();
    }
    return taken;
  }

  private PutEventsRequestEntry entry(Change c) {
    String json = detail.apply(c);
    PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
        .eventBusName(busName).source(SOURCE).detailType(c.type().wireName()).detail(json).time(c.at()).build();
    if (size(entry) <= REQUEST_BYTES) {
      return entry;
    }
    // Too big for any request (a change naming hundreds of long team names on both sides): the
    // event says what changed and where to read it whole, rather than stopping the bus for good.
    String stub = "{\"id\":" + quoted(c.id()) + ",\"type\":" + quoted(c.type().wireName()) + ",\"sequence\":" + c.sequence()
        + ",\"truncated\":true,\"read\":\"GET /v2/changes\"}";
    return entry.toBuilder().detail(stub).build();
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static int size(PutEventsRequestEntry entry) {
    return 14 + utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
  }

  private static int utf8(String text) {
    return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
