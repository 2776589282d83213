package dev.gatehouse.runtime.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.telemetry.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * How changes are cut into PutEvents requests: EventBridge refuses a whole request over 256 KB,
 * so a run of big changes must never become one request the bus can never take. The client here
 * records requests and enforces that limit as EventBridge does.
 */
class EventBridgeBusTest {
  private static final int LIMIT = 256 * 1024;
  private final List<List<PutEventsRequestEntry>> requests = new ArrayList<>();

  private final EventBridgeClient eventBridge = new EventBridgeClient() {
    @Override
    public PutEventsResponse putEvents(Consumer<PutEventsRequest.Builder> request) {
      PutEventsRequest built = PutEventsRequest.builder().applyMutation(request).build();
      int bytes = built.entries().stream().mapToInt(e -> 14 + e.source().length() + e.detailType().length() + e.detail().length()).sum();
      if (bytes > LIMIT) {
        throw new IllegalStateException("request of " + bytes + " bytes: EventBridge refuses it whole");
      }
      requests.add(built.entries());
      return PutEventsResponse.builder().failedEntryCount(0)
          .entries(built.entries().stream().map(e -> PutEventsResultEntry.builder().eventId("e").build()).toList()).build();
    }

    @Override
    public String serviceName() {
      return "events";
    }

    @Override
    public void close() {}
  };

  private static Change change(int n) {
    return new Change("c" + n, ChangeType.USER_TEAMS_CHANGED, Instant.parse("2026-12-03T10:00:00Z"), Optional.empty(), "u" + n,
        Map.of(), Actor.current(), n);
  }

  @Test
  void bigChangesAreSentInRequestsUnderTheLimit() {
    String big = "x".repeat(100 * 1024);
    EventBridgeBus bus = new EventBridgeBus(() -> eventBridge, "bus", c -> "{\"pad\":\"" + big + "\"}");
    List<Change> changes = List.of(change(1), change(2), change(3), change(4), change(5));
    assertEquals(5, bus.publish(changes), "every change taken");
    assertTrue(requests.size() >= 3, "split into several requests: " + requests.size());
    assertEquals(5, requests.stream().mapToInt(List::size).sum());
  }

  @Test
  void aChangeTooBigForAnyRequestIsSentAsAPointerToTheFeed() {
    String huge = "x".repeat(300 * 1024);
    EventBridgeBus bus = new EventBridgeBus(() -> eventBridge, "bus", c -> "{\"pad\":\"" + huge + "\"}");
    assertEquals(1, bus.publish(List.of(change(7))));
    String detail = requests.get(0).get(0).detail();
    assertTrue(detail.contains("\"truncated\":true") && detail.contains("\"id\":\"c7\"") && detail.length() < 200, detail);
  }
}
