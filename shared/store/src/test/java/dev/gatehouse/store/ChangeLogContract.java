package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.changes.ChangeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every backend's {@link ChangeLog} must show, with the writes that record into
 * it; extended once per backend. Each test works in tenants of its own and reads the feed after
 * a cursor it took first, so the tests of a class never see each other's changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChangeLogContract {
  private static final Duration KEEP = Duration.ofDays(90);
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

  @AfterEach
  void noActor() {
    Actor.clear();
  }

  private ChangeLog log() {
    return store.changes();
  }

  /** The newest sequence now: a cursor from which a test sees only what it writes. */
  private long cursor() {
    log().settle(Instant.now(), KEEP);
    long last = 0;
    for (List<Change> page = log().feed(0, Optional.empty(), 100); !page.isEmpty(); page = log().feed(last, Optional.empty(), 100)) {
      last = page.getLast().sequence();
    }
    return last;
  }

  private List<Change> feedAfter(long cursor, Optional<TenantId> tenant) {
    log().settle(Instant.now(), KEEP);
    return log().feed(cursor, tenant, 100);
  }

  private static List<ChangeType> types(List<Change> changes) {
    return changes.stream().map(Change::type).toList();
  }

  @Test
  void aRoomsLifeIsRecordedInCommitOrderWithBothSidesOfItsAccesses() {
    long from = cursor();
    TenantId acme = new TenantId("log-acme");
    Actor.set(Actor.secretKey("key-1", "POST /v2/rooms"));
    store.rooms().create(Rooms.aRoom("log-r1").inTenant("log-acme").withUser("alice", "room:write").build());
    store.rooms().update("log-r1", r -> Rooms.withUserEntry(r, "bob", List.of("room:read")));
    store.rooms().update("log-r1", r -> new Room(r.id(), r.tenant(), r.createdAt(), Map.of("color", "blue"), r.accesses(),
        r.createdBy(), r.version(), r.lastEventAt()));
    store.rooms().delete("log-r1");

    List<Change> feed = feedAfter(from, Optional.of(acme));
    assertEquals(List.of(ChangeType.ROOM_CREATED, ChangeType.ROOM_ACCESSES_CHANGED, ChangeType.ROOM_DELETED), types(feed),
        "a metadata-only update is audited, not delivered");
    for (int i = 1; i < feed.size(); i++) {
      assertTrue(feed.get(i).sequence() > feed.get(i - 1).sequence(), "sequences increase in commit order");
    }
    Change changed = feed.get(1);
    assertEquals("log-r1", changed.subject());
    assertEquals(Optional.of(acme), changed.tenant());
    assertEquals(Map.of("alice", List.of("room:write")), ((Map<?, ?>) changed.data().get("before")).get("usersAccesses"));
    assertEquals(Map.of("alice", List.of("room:write"), "bob", List.of("room:read")),
        ((Map<?, ?>) changed.data().get("after")).get("usersAccesses"));
    assertEquals(2L, ((Number) changed.data().get("version")).longValue());
    assertEquals(Actor.secretKey("key-1", "POST /v2/rooms"), changed.actor());
    Set<String> ids = new HashSet<>();
    feed.forEach(c -> assertTrue(ids.add(c.id()), "ids are unique"));

    ChangeLog.AuditPage audit = log().audit(Optional.of(acme), Optional.empty(), Optional.empty(), 10, c -> true);
    assertEquals(List.of(ChangeType.ROOM_DELETED, ChangeType.ROOM_METADATA_UPDATED, ChangeType.ROOM_ACCESSES_CHANGED,
        ChangeType.ROOM_CREATED), types(audit.changes()), "the audit trail is newest first, every write included");
    assertEquals(Optional.empty(), audit.next());
  }

  @Test
  void aTenantsFeedAndAuditHoldOnlyItsOwnChanges() {
    long from = cursor();
    TenantId acme = new TenantId("own-acme");
    TenantId globex = new TenantId("own-globex");
    store.rooms().create(Rooms.aRoom("own-a").inTenant("own-acme").build());
    store.rooms().create(Rooms.aRoom("own-g").inTenant("own-globex").build());
    store.revocations().revokeUserTokens("own-user", Optional.of(Instant.parse("2026-01-01T00:00:00Z")));

    assertEquals(List.of("own-a", "own-user"), feedAfter(from, Optional.of(acme)).stream().map(Change::subject).toList(),
        "a tenant's feed: its own changes, and the project-wide ones that alter its decisions too");
    assertEquals(List.of("own-g", "own-user"), feedAfter(from, Optional.of(globex)).stream().map(Change::subject).toList());
    assertEquals(List.of("own-a", "own-g", "own-user"), feedAfter(from, Optional.empty()).stream().map(Change::subject).toList(),
        "the project's feed has every change, project-wide ones included");
    assertTrue(log().audit(Optional.of(acme), Optional.empty(), Optional.empty(), 100, c -> true).changes().stream()
        .allMatch(c -> c.tenant().equals(Optional.of(acme))), "a tenant's audit trail: its own entries only");
  }

  @Test
  void aUsersTeamsAndRolesAreDeliveredAndItsOtherFieldsAudited() {
    long from = cursor();
    Instant created = Instant.parse("2026-03-01T00:00:00Z");
    java.util.function.Function<List<String>, User> withTeams = teams -> new User("usr-ann", Optional.of("Ann"),
        dev.gatehouse.permissions.Role.USER, teams.stream().map(TenantId::new).toList(), Map.of(), Map.of(), created, created, 0);
    store.users().write("usr-ann", current -> withTeams.apply(List.of("usr-acme")));
    store.users().write("usr-ann", current -> current.orElseThrow().withTeams(List.of(new TenantId("usr-acme"),
        new TenantId("usr-globex")), created));
    store.users().write("usr-ann", current -> {
      User c = current.orElseThrow();
      return new User(c.id(), Optional.of("Ann B."), c.role(), c.teams(), c.teamsRole(), c.metadata(), c.createdAt(), created, c.version());
    });
    store.users().write("usr-ann", current -> current.orElseThrow()); // changes nothing: records nothing
    store.users().delete("usr-ann");
    store.users().delete("usr-ann"); // gone already: records nothing

    List<Change> feed = feedAfter(from, Optional.empty());
    assertEquals(List.of(ChangeType.USER_TEAMS_CHANGED, ChangeType.USER_TEAMS_CHANGED, ChangeType.USER_DELETED), types(feed),
        "a name change is audited, not delivered");
    assertEquals(List.of(), ((Map<?, ?>) feed.get(0).data().get("before")).get("teams"), "a new user: from no teams");
    assertEquals(List.of("usr-acme"), ((Map<?, ?>) feed.get(0).data().get("after")).get("teams"));
    assertEquals("user", ((Map<?, ?>) feed.get(0).data().get("after")).get("role"));
    assertEquals(List.of("usr-acme", "usr-globex"), ((Map<?, ?>) feed.get(1).data().get("after")).get("teams"));
    assertEquals(List.of("usr-acme", "usr-globex"), ((Map<?, ?>) feed.get(2).data().get("before")).get("teams"));
    assertTrue(feed.stream().allMatch(c -> c.subject().equals("usr-ann") && c.tenant().isEmpty()));
    List<ChangeType> audited = types(log().audit(Optional.empty(), Optional.empty(), Optional.empty(), 10,
        c -> c.subject().equals("usr-ann")).changes());
    assertEquals(List.of(ChangeType.USER_DELETED, ChangeType.USER_UPDATED, ChangeType.USER_TEAMS_CHANGED,
        ChangeType.USER_TEAMS_CHANGED), audited);
  }

  @Test
  void aChangeOfItsOwnIsRecordedAndPlaced() {
    long from = cursor();
    TenantId gone = new TenantId("rec-gone");
    log().record(dev.gatehouse.store.changes.Changes.ofTenantDeleted(gone, Instant.now(), Actor.current()));
    List<Change> feed = feedAfter(from, Optional.of(gone));
    assertEquals(List.of(ChangeType.ORGANIZATION_DELETED), types(feed));
    assertEquals("rec-gone", feed.getFirst().data().get("organizationId"));
    assertEquals(feed.getFirst().sequence(), log().head());
  }

  @Test
  void revocationsAndSettingsAreRecorded() {
    long from = cursor();
    Instant cutoff = Instant.parse("2026-02-02T00:00:00Z");
    store.revocations().revokeUserTokens("rec-u", Optional.of(cutoff));
    store.revocations().deactivate("rec-u", cutoff);
    store.revocations().reactivate("rec-u", cutoff);
    store.revocations().revokeTenantTokens(new TenantId("rec-acme"), Optional.of(cutoff));
    Settings before = store.settings().get();
    Settings after = new Settings(!before.multiTenantEnabled(), before.rateLimits(), before.revokeTokensIssuedBefore(),
        Optional.of(Instant.now()));
    assertTrue(store.settings().replace(before, after));
    store.settings().put(before);

    List<Change> feed = feedAfter(from, Optional.empty());
    assertEquals(List.of(ChangeType.USER_TOKENS_REVOKED, ChangeType.USER_DEACTIVATED, ChangeType.USER_REACTIVATED,
        ChangeType.ORGANIZATION_TOKENS_REVOKED, ChangeType.SETTINGS_UPDATED, ChangeType.SETTINGS_UPDATED), types(feed));
    assertEquals("2026-02-02T00:00:00.000Z", feed.get(0).data().get("revokeTokensIssuedBefore"));
    assertEquals("rec-u", feed.get(1).subject());
    assertEquals(Optional.of(new TenantId("rec-acme")), feed.get(3).tenant());
    assertEquals(before.multiTenantEnabled(), ((Map<?, ?>) feed.get(4).data().get("before")).get("multiTenantEnabled"));
  }

  @Test
  void aWriteThatDoesNotCommitRecordsNothing() {
    store.rooms().create(Rooms.aRoom("none-r").inTenant("none-acme").build());
    long from = cursor();
    assertThrows(RuntimeException.class, () -> store.rooms().create(Rooms.aRoom("none-r").inTenant("none-acme").build()));
    assertThrows(IllegalStateException.class, () -> store.rooms().update("none-r", r -> {
      throw new IllegalStateException("rejected");
    }));
    assertEquals(Optional.empty(), store.rooms().deleteIf("none-r", r -> false));
    Settings current = store.settings().get();
    Settings stale = new Settings(current.multiTenantEnabled(), current.rateLimits(), Optional.of(Instant.parse("2000-01-01T00:00:00Z")));
    assertFalse(store.settings().replace(stale, new Settings(true, Optional.of(Instant.now()))));
    store.rooms().update("none-r", r -> r); // a write that changes nothing records nothing
    assertEquals(List.of(), feedAfter(from, Optional.empty()));
    assertEquals(List.of(ChangeType.ROOM_CREATED), types(log().audit(Optional.of(new TenantId("none-acme")), Optional.empty(), Optional.empty(), 10,
        c -> true).changes()));
  }

  @Test
  void theFeedResumesAfterACursorAPageAtATime() {
    long from = cursor();
    for (int i = 0; i < 5; i++) {
      store.rooms().create(Rooms.aRoom("page-" + i).inTenant("page-acme").build());
    }
    log().settle(Instant.now(), KEEP);
    List<Change> first = log().feed(from, Optional.empty(), 2);
    List<Change> second = log().feed(first.getLast().sequence(), Optional.empty(), 2);
    List<Change> rest = log().feed(second.getLast().sequence(), Optional.empty(), 100);
    List<String> seen = new ArrayList<>();
    for (List<Change> page : List.of(first, second, rest)) {
      page.forEach(c -> seen.add(c.subject()));
    }
    assertEquals(List.of("page-0", "page-1", "page-2", "page-3", "page-4"), seen);
  }

  @Test
  void theAuditTrailPagesNewestFirstAndFilters() {
    TenantId tenant = new TenantId("audit-acme");
    for (int i = 0; i < 4; i++) {
      store.rooms().create(Rooms.aRoom("audit-" + i).inTenant("audit-acme").build());
    }
    log().settle(Instant.now(), KEEP);
    ChangeLog.AuditPage first = log().audit(Optional.of(tenant), Optional.empty(), Optional.empty(), 3, c -> true);
    assertEquals(List.of("audit-3", "audit-2", "audit-1"), first.changes().stream().map(Change::subject).toList());
    ChangeLog.AuditPage second = log().audit(Optional.of(tenant), first.next(), Optional.empty(), 3, c -> true);
    assertEquals(List.of("audit-0"), second.changes().stream().map(Change::subject).toList());
    assertEquals(Optional.empty(), second.next());
    assertEquals(List.of("audit-2"), log().audit(Optional.of(tenant), Optional.empty(), Optional.empty(), 3, c -> c.subject().equals("audit-2"))
        .changes().stream().map(Change::subject).toList());
  }

  @Test
  void changesOlderThanTheRetentionAreForgotten() {
    store.rooms().create(Rooms.aRoom("old-r").inTenant("old-acme").build());
    TenantId tenant = new TenantId("old-acme");
    log().settle(Instant.now(), KEEP);
    assertEquals(1, log().audit(Optional.of(tenant), Optional.empty(), Optional.empty(), 10, c -> true).changes().size());
    long newest = cursor();
    log().settle(Instant.now().plus(Duration.ofDays(91)), KEEP);
    assertEquals(0, log().audit(Optional.of(tenant), Optional.empty(), Optional.empty(), 10, c -> true).changes().size());
    store.rooms().create(Rooms.aRoom("old-r2").inTenant("old-acme").build());
    List<Change> after = feedAfter(0, Optional.of(tenant));
    assertEquals(List.of("old-r2"), after.stream().map(Change::subject).toList());
    assertTrue(after.getFirst().sequence() > newest, "a forgotten place is never used again: readers' cursors stay good");
  }

  @Test
  void theAuditTrailEndsAtItsSince() {
    TenantId tenant = new TenantId("since-acme");
    store.rooms().create(Rooms.aRoom("since-r").inTenant("since-acme").build());
    log().settle(Instant.now(), KEEP);
    assertEquals(1, log().audit(Optional.of(tenant), Optional.empty(), Optional.of(Instant.now().minusSeconds(60)), 10, c -> true)
        .changes().size());
    ChangeLog.AuditPage none = log().audit(Optional.of(tenant), Optional.empty(), Optional.of(Instant.now().plusSeconds(60)), 10,
        c -> true);
    assertEquals(List.of(), none.changes());
    assertEquals(Optional.empty(), none.next(), "nothing newer than since: the end, not a next page");
  }

  @Test
  void concurrentWritesOfDifferentRoomsAreEachRecordedOnceInOneOrder() throws Exception {
    backend.requireAtomicConcurrentWrites();
    long from = cursor();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Room>> writes = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String id = "race-" + i;
      writes.add(pool.submit(() -> store.rooms().create(Rooms.aRoom(id).inTenant("race-acme").build())));
    }
    for (Future<Room> write : writes) {
      write.get();
    }
    pool.shutdown();
    List<Change> feed = feedAfter(from, Optional.of(new TenantId("race-acme")));
    assertEquals(24, feed.size());
    assertEquals(24, feed.stream().map(Change::subject).distinct().count(), "each write once");
    for (int i = 1; i < feed.size(); i++) {
      assertTrue(feed.get(i).sequence() > feed.get(i - 1).sequence());
    }
  }
}
