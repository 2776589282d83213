package dev.gatehouse.service.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.store.MutableClock;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.Rooms;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.memory.MemoryStore;
import dev.gatehouse.store.webhooks.Webhook;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on the in-memory store (which passes the store contracts), with a transport that
 * records what it is asked to send and answers as told: order, retries on the schedule, disabling,
 * the event filter, signatures, and the bus.
 */
class WebhookDispatcherTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final Repositories store = MemoryStore.open(clock);
  private final List<Map<String, String>> sent = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private volatile Optional<String> answer = Optional.empty();
  private final WebhookDispatcher.Transport transport = (url, headers, body) -> {
    sent.add(headers);
    bodies.add(body);
    return answer;
  };
  private final WebhookService service = new WebhookService(store.webhooks(), store.changes(), WebhookUrls.ANY, clock, Duration.ofDays(90));

  private WebhookDispatcher dispatcher(Optional<WebhookDispatcher.Bus> bus) {
    return new WebhookDispatcher(store.webhooks(), store.changes(), transport, bus, c -> "{\"type\":\"" + c.type().wireName() + "\"}",
        WebhookUrls.ANY, clock, Duration.ofDays(90));
  }

  private WebhookDispatcher.Report run(WebhookDispatcher d) {
    return d.run(clock.instant().plusSeconds(30));
  }

  private void room(String id) {
    store.rooms().create(Rooms.aRoom(id).build());
  }

  @Test
  void changesGoOutInCommitOrderSignedOnlyFromRegistration() {
    room("before");
    Webhook webhook = service.register("http://127.0.0.1:9/hooks", Optional.empty());
    room("a");
    store.rooms().delete("a");
    room("b");
    WebhookDispatcher d = dispatcher(Optional.empty());
    assertEquals(3, run(d).delivered());
    assertEquals(List.of("{\"type\":\"roomCreated\"}", "{\"type\":\"roomDeleted\"}", "{\"type\":\"roomCreated\"}"), bodies);
    for (int i = 0; i < sent.size(); i++) {
      Map<String, String> h = sent.get(i);
      assertEquals(WebhookSignature.sign(webhook.secret(), h.get("webhook-id"), Long.parseLong(h.get("webhook-timestamp")), bodies.get(i)),
          h.get("webhook-signature"));
      assertEquals(Long.toString(clock.instant().getEpochSecond()), h.get("webhook-timestamp"));
    }
    assertEquals(0, run(d).delivered(), "nothing twice");
  }

  @Test
  void aFailedChangeIsRetriedOnTheScheduleWithItsIdAndBlocksTheNext() {
    service.register("http://127.0.0.1:9/hooks", Optional.of(List.of("roomCreated")));
    room("first");
    room("second");
    answer = Optional.of("HTTP 503");
    WebhookDispatcher d = dispatcher(Optional.empty());
    assertEquals(1, run(d).failed());
    assertEquals(1, sent.size(), "the next change waits");
    assertEquals(0, run(d).failed(), "not due before its retry");
    clock.advance(WebhookDispatcher.RETRIES.getFirst());
    answer = Optional.empty();
    assertEquals(2, run(d).delivered());
    assertEquals(3, sent.size());
    assertEquals(sent.get(0).get("webhook-id"), sent.get(1).get("webhook-id"), "the retry keeps the delivery's id");
    assertTrue(!sent.get(1).get("webhook-id").equals(sent.get(2).get("webhook-id")));
  }

  @Test
  void aChangeThatFailsEveryAttemptDisablesTheWebhook() {
    Webhook webhook = service.register("http://127.0.0.1:9/hooks", Optional.empty());
    room("doomed");
    answer = Optional.of("connection refused");
    WebhookDispatcher d = dispatcher(Optional.empty());
    run(d);
    for (Duration wait : WebhookDispatcher.RETRIES) {
      clock.advance(wait);
      run(d);
    }
    assertEquals(WebhookDispatcher.RETRIES.size() + 1, sent.size(), "one attempt and every retry");
    var delivery = store.webhooks().find(webhook.id()).orElseThrow().delivery();
    assertTrue(delivery.disabled().isPresent());
    assertEquals(Optional.of("connection refused"), delivery.lastError());
    clock.advance(Duration.ofDays(1));
    answer = Optional.empty();
    run(d);
    assertEquals(WebhookDispatcher.RETRIES.size() + 1, sent.size(), "nothing more to a disabled webhook");
  }

  @Test
  void onlyTheTypesAskedForAreSentAndAuditOnlyChangesNever() {
    service.register("http://127.0.0.1:9/hooks", Optional.of(List.of("roomDeleted")));
    room("r");
    store.rooms().update("r", r -> r.withMetadata(Map.of("k", "v")));
    store.rooms().delete("r");
    run(dispatcher(Optional.empty()));
    assertEquals(List.of("{\"type\":\"roomDeleted\"}"), bodies);
  }

  @Test
  void oneDispatcherAtATimeDeliversATarget() {
    Webhook webhook = service.register("http://127.0.0.1:9/hooks", Optional.empty());
    room("r");
    var lease = store.webhooks().claim(webhook.id(), clock.instant(), clock.instant().plusSeconds(60)).orElseThrow();
    assertEquals(0, run(dispatcher(Optional.empty())).delivered(), "another run holds it");
    store.webhooks().release(lease, lease.webhook().delivery());
    assertEquals(1, run(dispatcher(Optional.empty())).delivered());
  }

  @Test
  void theBusGetsEveryChangeFromTheStartAndResumesAfterWhatItTook() {
    room("one");
    room("two");
    room("three");
    List<String> published = new ArrayList<>();
    int[] accept = {2};
    WebhookDispatcher.Bus bus = new WebhookDispatcher.Bus() {
      @Override
      public String name() {
        return "changes";
      }

      @Override
      public int publish(List<Change> changes) {
        int taken = Math.min(accept[0], changes.size());
        changes.subList(0, taken).forEach(c -> published.add(c.subject()));
        return taken;
      }
    };
    WebhookDispatcher d = dispatcher(Optional.of(bus));
    WebhookDispatcher.Report first = run(d);
    assertEquals(2, first.delivered());
    assertEquals(1, first.failed());
    accept[0] = 10;
    clock.advance(WebhookDispatcher.RETRIES.getFirst());
    run(d);
    assertEquals(List.of("one", "two", "three"), published);
    assertTrue(service.list().isEmpty(), "the bus is no webhook");
  }

  @Test
  void registrationRefusesWhatCanNeverBeDelivered() {
    WebhookService aws = new WebhookService(store.webhooks(), store.changes(), WebhookUrls.PUBLIC_HTTPS, clock, Duration.ofDays(90));
    for (String url : List.of("http://example.com/x", "https://127.0.0.1/x", "https://169.254.169.254/latest", "https://10.0.0.1/",
        "https://[::1]/x", "https://localhost/x", "https://[fd00::1]/", "https://100.64.0.1/", "https://[::ffff:127.0.0.1]/",
        "https://[::127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:a9fe:a9fe::1]/", "https://198.18.0.1/",
        "https://example.com:99999/", "https://example.com:0/")) {
      GatehouseException e = assertThrows(GatehouseException.class, () -> aws.register(url, Optional.empty()), url);
      assertEquals("INVALID_WEBHOOK_URL", e.errorCode().wire());
    }
    assertEquals(0, aws.list().size());
    assertEquals("https://example.com/x", aws.register("https://example.com/x", Optional.empty()).url());
    assertEquals(Optional.of("the host resolves to an internal address"), WebhookUrls.PUBLIC_HTTPS.refusal(URI.create("https://127.0.0.1/x")));
  }

  @Test
  void aProjectHasAtMostTwentyWebhooks() {
    for (int i = 0; i < WebhookService.MAX_WEBHOOKS; i++) {
      service.register("http://127.0.0.1:9/" + i, Optional.empty());
    }
    GatehouseException e = assertThrows(GatehouseException.class, () -> service.register("http://127.0.0.1:9/x", Optional.empty()));
    assertEquals("TOO_MANY_WEBHOOKS", e.errorCode().wire());
    assertEquals(WebhookService.MAX_WEBHOOKS, service.list().size());
  }
}
