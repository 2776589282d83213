package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.webhooks.Webhook;
import dev.gatehouse.store.webhooks.WebhookDelivery;
import dev.gatehouse.store.webhooks.WebhookRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every backend's {@link WebhookRepository} must show; extended once per backend.
 * Each test registers webhooks of its own ids and looks only at those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebhookContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
  protected Repositories store;
  private StoreBackend backend;

  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    store = backend.open(Clock.systemUTC());
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  private WebhookRepository webhooks() {
    return store.webhooks();
  }

  private static Webhook webhook(List<String> events) {
    return webhook(events, T0);
  }

  private static Webhook webhook(List<String> events, Instant createdAt) {
    String id = "wh_" + UUID.randomUUID().toString().replace("-", "");
    return new Webhook(id, "https://example.com/hooks/" + id, events, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0", createdAt,
        WebhookDelivery.startingAt(7));
  }

  private List<Change> audit() {
    store.changes().settle(Instant.now(), Duration.ofDays(90));
    return store.changes().audit(Optional.empty(), Optional.empty(), Optional.empty(), 50, c -> true).changes();
  }

  @Test
  void aWebhookIsStoredAsRegisteredAndListedInOrder() {
    Webhook first = webhooks().create(webhook(List.of("roomCreated", "roomDeleted")));
    Webhook second = webhooks().create(webhook(List.of(), T0.plusSeconds(1)));
    assertEquals(Optional.of(first), webhooks().find(first.id()));
    List<String> ids = webhooks().list().stream().map(Webhook::id).filter(id -> id.equals(first.id()) || id.equals(second.id())).toList();
    assertEquals(List.of(first.id(), second.id()), ids);
    Webhook stored = webhooks().find(second.id()).orElseThrow();
    assertEquals(second.url(), stored.url());
    assertEquals(List.of(), stored.events());
    assertEquals(second.secret(), stored.secret());
    assertEquals(T0.plusSeconds(1), stored.createdAt());
    assertEquals(7, stored.delivery().cursor());
  }

  @Test
  void registeringAndRemovingAreAuditedWithoutTheSecret() {
    Webhook webhook = webhooks().create(webhook(List.of("roomCreated")));
    assertEquals(Optional.of(webhook.id()), webhooks().delete(webhook.id()).map(Webhook::id));
    assertEquals(Optional.empty(), webhooks().find(webhook.id()));
    assertEquals(Optional.empty(), webhooks().delete(webhook.id()), "a second delete finds nothing");
    List<Change> mine = audit().stream().filter(c -> c.subject().equals(webhook.id())).toList();
    assertEquals(List.of(ChangeType.WEBHOOK_DELETED, ChangeType.WEBHOOK_CREATED), mine.stream().map(Change::type).toList());
    mine.forEach(c -> {
      assertFalse(c.data().toString().contains("whsec_"), "no secret in the audit: " + c.data());
      assertEquals(webhook.url(), c.data().get("url"));
    });
  }

  @Test
  void theBusTargetIsNotAudited() {
    Webhook bus = webhooks().create(Webhook.bus("bus-" + UUID.randomUUID(), T0, 0));
    assertTrue(webhooks().find(bus.id()).orElseThrow().isBus());
    assertTrue(audit().stream().noneMatch(c -> c.subject().equals(bus.id())));
    webhooks().delete(bus.id());
  }

  @Test
  void oneLeaseAtATimeAndOnlyItsHolderRecords() {
    Webhook webhook = webhooks().create(webhook(List.of()));
    Instant now = Instant.now();
    WebhookRepository.Lease lease = webhooks().claim(webhook.id(), now, now.plusSeconds(60)).orElseThrow();
    assertEquals(Optional.empty(), webhooks().claim(webhook.id(), now.plusSeconds(1), now.plusSeconds(61)), "held");
    WebhookDelivery failed = lease.webhook().delivery().failed("HTTP 500", now.plusSeconds(5));
    assertTrue(webhooks().release(lease, failed));
    assertFalse(webhooks().release(lease, failed), "a released lease records nothing more");
    WebhookDelivery stored = webhooks().find(webhook.id()).orElseThrow().delivery();
    assertEquals(1, stored.attempts());
    assertEquals(Optional.of(now.plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), stored.retryAt());
    assertEquals(Optional.of("HTTP 500"), stored.lastError());

    WebhookRepository.Lease second = webhooks().claim(webhook.id(), now, now.plusSeconds(60)).orElseThrow();
    assertEquals(1, second.webhook().delivery().attempts(), "the claim reads the stored state");
    assertTrue(webhooks().release(second, second.webhook().delivery().delivered(9, now)));
    WebhookDelivery delivered = webhooks().find(webhook.id()).orElseThrow().delivery();
    assertEquals(9, delivered.cursor());
    assertEquals(0, delivered.attempts());
    assertEquals(Optional.empty(), delivered.retryAt());
  }

  @Test
  void anExpiredLeaseCanBeTakenAndTheOldHolderThenRecordsNothing() {
    Webhook webhook = webhooks().create(webhook(List.of()));
    Instant now = Instant.now();
    WebhookRepository.Lease stale = webhooks().claim(webhook.id(), now, now.plusSeconds(10)).orElseThrow();
    WebhookRepository.Lease taken = webhooks().claim(webhook.id(), now.plusSeconds(11), now.plusSeconds(70)).orElseThrow();
    assertFalse(webhooks().release(stale, stale.webhook().delivery().delivered(100, now)));
    assertTrue(webhooks().release(taken, taken.webhook().delivery().delivered(8, now)));
    assertEquals(8, webhooks().find(webhook.id()).orElseThrow().delivery().cursor());
  }

  @Test
  void aRemovedWebhookCannotBeClaimedOrRecorded() {
    Webhook webhook = webhooks().create(webhook(List.of()));
    Instant now = Instant.now();
    WebhookRepository.Lease lease = webhooks().claim(webhook.id(), now, now.plusSeconds(60)).orElseThrow();
    webhooks().delete(webhook.id());
    assertFalse(webhooks().release(lease, lease.webhook().delivery().delivered(9, now)));
    assertEquals(Optional.empty(), webhooks().find(webhook.id()), "release does not bring it back");
    assertEquals(Optional.empty(), webhooks().claim(webhook.id(), now, now.plusSeconds(60)));
  }

  @Test
  void aDisabledTargetKeepsItsErrorAndIsNotDue() {
    Webhook webhook = webhooks().create(webhook(List.of()));
    Instant now = Instant.now();
    WebhookRepository.Lease lease = webhooks().claim(webhook.id(), now, now.plusSeconds(60)).orElseThrow();
    assertTrue(webhooks().release(lease, lease.webhook().delivery().disabledAt("HTTP 410", now)));
    WebhookDelivery stored = webhooks().find(webhook.id()).orElseThrow().delivery();
    assertTrue(stored.disabled().isPresent());
    assertFalse(stored.dueAt(now.plusSeconds(3600)));
    assertEquals(Optional.of("HTTP 410"), stored.lastError());
  }

  @Test
  void theHeadIsTheNewestPlacedSequence() {
    ChangeLog log = store.changes();
    webhooks().create(webhook(List.of()));
    log.settle(Instant.now(), Duration.ofDays(90));
    long head = log.head();
    List<Change> newest = log.audit(Optional.empty(), Optional.empty(), Optional.empty(), 1, c -> true).changes();
    assertEquals(newest.getFirst().sequence(), head);
  }
}
