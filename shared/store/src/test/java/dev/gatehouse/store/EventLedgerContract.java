package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.store.EventLedger.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link EventLedger} backend must show: processed events and tombstones,
 * each expiring on its own; a newer tombstone is never replaced by an older one. The ledger reads
 * a clock the tests move, so expiry needs no waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EventLedgerContract {
  private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

  protected final MutableClock clock = new MutableClock(START);
  protected EventLedger ledger;
  private final AtomicInteger sequence = new AtomicInteger();
  private StoreBackend backend;

  /** The backend under test: a new one for this class. */
  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    ledger = backend.open(clock).eventLedger();
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  private String unique(String prefix) {
    return prefix + "-" + sequence.incrementAndGet() + "-" + System.nanoTime();
  }

  @Test
  void anEventIsProcessedOnceMarkedUntilItExpires() {
    String id = unique("evt");
    Instant now = clock.instant();
    assertFalse(ledger.processed(id));
    ledger.markProcessed(id, "user.created", now.plus(Duration.ofHours(1)));
    assertTrue(ledger.processed(id));
    assertFalse(ledger.processed(unique("evt")), "another id is not processed");
    clock.advance(Duration.ofHours(2));
    assertFalse(ledger.processed(id), "an expired record is ignored, even before the engine removes it");
  }

  @Test
  void markingAgainExtendsTheRecord() {
    String id = unique("evt");
    Instant now = clock.instant();
    ledger.markProcessed(id, "room.deleted", now.plus(Duration.ofMinutes(10)));
    ledger.markProcessed(id, "room.deleted", now.plus(Duration.ofDays(1)));
    clock.advance(Duration.ofHours(1));
    assertTrue(ledger.processed(id));
  }

  @Test
  void aTombstoneKeepsTheNewestDeletion() {
    String id = unique("room");
    Instant expires = clock.instant().plus(Duration.ofDays(7));
    Instant deleted = Instant.parse("2026-08-31T12:00:00.123Z");
    assertEquals(Optional.empty(), ledger.deletedAt(Kind.ROOM, id));
    ledger.markDeleted(Kind.ROOM, id, deleted, expires);
    assertEquals(Optional.of(deleted), ledger.deletedAt(Kind.ROOM, id));
    ledger.markDeleted(Kind.ROOM, id, deleted.minusSeconds(60), expires);
    assertEquals(Optional.of(deleted), ledger.deletedAt(Kind.ROOM, id), "an older deletion leaves the newer one");
    ledger.markDeleted(Kind.ROOM, id, deleted.plusSeconds(60), expires);
    assertEquals(Optional.of(deleted.plusSeconds(60)), ledger.deletedAt(Kind.ROOM, id));
  }

  @Test
  void tombstonesOfEachKindAreSeparate() {
    String id = unique("same");
    Instant expires = clock.instant().plus(Duration.ofDays(7));
    ledger.markDeleted(Kind.USER, id, Instant.parse("2026-08-30T00:00:00Z"), expires);
    assertEquals(Optional.empty(), ledger.deletedAt(Kind.ROOM, id));
    assertEquals(Optional.empty(), ledger.deletedAt(Kind.TENANT, id));
    assertEquals(Optional.of(Instant.parse("2026-08-30T00:00:00Z")), ledger.deletedAt(Kind.USER, id));
    assertFalse(ledger.processed(id), "a tombstone is not a processed event");
  }

  @Test
  void aTombstoneExpires() {
    String id = unique("tenant");
    ledger.markDeleted(Kind.TENANT, id, clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    assertTrue(ledger.deletedAt(Kind.TENANT, id).isPresent());
    clock.advance(Duration.ofHours(2));
    assertEquals(Optional.empty(), ledger.deletedAt(Kind.TENANT, id));
  }

  @Test
  void deletionTimesKeepMillisecondPrecision() {
    String id = unique("user");
    Instant precise = Instant.parse("2026-08-31T23:59:59.987654321Z");
    ledger.markDeleted(Kind.USER, id, precise, clock.instant().plus(Duration.ofDays(1)));
    assertEquals(Optional.of(Instant.parse("2026-08-31T23:59:59.987Z")), ledger.deletedAt(Kind.USER, id));
  }
}
