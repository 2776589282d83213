package dev.gatehouse.service.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.provisioning.ProvisioningEvent.RoomCreated;
import dev.gatehouse.service.provisioning.ProvisioningEvent.RoomDeleted;
import dev.gatehouse.service.provisioning.ProvisioningEvent.RoomUpdated;
import dev.gatehouse.service.provisioning.ProvisioningEvent.TenantDeleted;
import dev.gatehouse.service.provisioning.ProvisioningEvent.UserUpserted;
import dev.gatehouse.service.provisioning.ProvisioningService.Outcome;
import dev.gatehouse.service.rooms.MapPatch;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.rooms.RoomPatch;
import dev.gatehouse.service.rooms.RoomService;
import dev.gatehouse.service.users.UserInput;
import dev.gatehouse.service.users.UserService;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.memory.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Provisioning events on the in-memory store (held to the contracts the SQL and DynamoDB stores
 * pass): at-most-once per event id, last writer by {@code occurredAt}, tombstones that keep older
 * events from bringing a deleted thing back, and tenant offboarding in resumable batches.
 */
class ProvisioningServiceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Repositories store = MemoryStore.open(clock);
  private final ProvisioningService provisioning = service(100);

  private ProvisioningService service(int batch) {
    return new ProvisioningService(new UserService(store.users(), store.accessReads(), clock), store.users(),
        new RoomService(store.rooms(), clock), store.rooms(), store.eventLedger(), store.changes(), clock, Duration.ofDays(7), batch);
  }

  private static ProvisioningEvent event(String id, Instant at, ProvisioningEvent.Change change) {
    return new ProvisioningEvent(id, "test." + change.getClass().getSimpleName(), at, change);
  }

  private static RoomCreated room(String id, String tenant) {
    return new RoomCreated(new NewRoom(id, List.of("room:read"), Map.of(), Map.of(), Map.of(), Optional.of(tenant)));
  }

  private static RoomUpdated defaults(String id, String permission) {
    return new RoomUpdated(id, new RoomPatch(Optional.of(List.of(permission)), MapPatch.none(), MapPatch.none(), MapPatch.none(),
        Optional.empty()));
  }

  private static UserUpserted user(String id, String... teams) {
    return new UserUpserted(new UserInput(id, "Name", null, List.of(teams), null, null));
  }

  @Test
  void anEventIdIsAppliedOnceEvenWhenDeliveredAgain() {
    assertInstanceOf(Outcome.Applied.class, provisioning.handle(event("e1", NOW, room("r1", "acme"))));
    provisioning.handle(event("e2", NOW.plusSeconds(1), defaults("r1", "room:write")));
    Outcome again = provisioning.handle(event("e1", NOW, room("r1", "acme")));
    assertInstanceOf(Outcome.Skipped.class, again);
    assertEquals(List.of("room:write"), store.rooms().find("r1").orElseThrow().accesses().defaultAccesses().values());
  }

  @Test
  void anEventFromTheFutureIsRefusedAndWritesNothing() {
    InvalidInputException refused = assertThrows(InvalidInputException.class,
        () -> provisioning.handle(event("e1", NOW.plus(Duration.ofHours(1)), room("r1", "acme"))));
    assertEquals(ErrorCode.INVALID_EVENT, refused.errorCode());
    assertTrue(store.rooms().find("r1").isEmpty());
    assertTrue(!store.eventLedger().processed("e1"), "a refused event is not remembered, so a corrected one applies");
  }

  @Test
  void anUpdateBeforeItsCreationFailsUntilTheRoomExists() {
    ProvisioningEvent update = event("u1", NOW.minusSeconds(5), defaults("r1", "room:write"));
    assertThrows(NotFoundException.class, () -> provisioning.handle(update));
    assertTrue(!store.eventLedger().processed("u1"), "a failed event is delivered again, not skipped");
    provisioning.handle(event("c1", NOW.minusSeconds(10), room("r1", "acme")));
    assertInstanceOf(Outcome.Applied.class, provisioning.handle(update));
    assertEquals(List.of("room:write"), store.rooms().find("r1").orElseThrow().accesses().defaultAccesses().values());
  }

  @Test
  void anOlderUpdateNeverOverwritesANewerOne() {
    provisioning.handle(event("c1", NOW.minusSeconds(30), room("r1", "acme")));
    provisioning.handle(event("u2", NOW.minusSeconds(10), defaults("r1", "room:write")));
    Outcome older = provisioning.handle(event("u1", NOW.minusSeconds(20), defaults("r1", "*:read")));
    assertInstanceOf(Outcome.Skipped.class, older);
    assertEquals(List.of("room:write"), store.rooms().find("r1").orElseThrow().accesses().defaultAccesses().values());
  }

  @Test
  void aDeletedRoomIsNotBroughtBackByAnOlderCreation() {
    provisioning.handle(event("c1", NOW.minusSeconds(30), room("r1", "acme")));
    assertInstanceOf(Outcome.Applied.class, provisioning.handle(event("d1", NOW.minusSeconds(10), new RoomDeleted("r1"))));
    Outcome late = provisioning.handle(event("c0", NOW.minusSeconds(20), room("r1", "acme")));
    assertInstanceOf(Outcome.Skipped.class, late);
    assertTrue(store.rooms().find("r1").isEmpty());
    assertInstanceOf(Outcome.Applied.class, provisioning.handle(event("c2", NOW.minusSeconds(5), room("r1", "acme"))),
        "a creation after the deletion is a new room");
  }

  @Test
  void aTenantIsOffboardedInResumableBatchesAndOlderEventsCannotRepopulateIt() {
    ProvisioningService smallBatches = service(2);
    for (int i = 0; i < 3; i++) {
      smallBatches.handle(event("c" + i, NOW.minusSeconds(60), room("r" + i, "acme")));
    }
    smallBatches.handle(event("other", NOW.minusSeconds(60), room("keep", "globex")));
    smallBatches.handle(event("u1", NOW.minusSeconds(60), user("alice", "acme", "globex")));

    ProvisioningEvent offboard = event("t1", NOW.minusSeconds(30), new TenantDeleted(new TenantId("acme")));
    assertInstanceOf(Outcome.Incomplete.class, smallBatches.handle(offboard));
    assertTrue(!store.eventLedger().processed("t1"), "an unfinished offboarding is run again");
    assertInstanceOf(Outcome.Applied.class, smallBatches.handle(offboard));
    assertTrue(store.eventLedger().processed("t1"));

    for (int i = 0; i < 3; i++) {
      assertTrue(store.rooms().find("r" + i).isEmpty(), "room r" + i + " of the tenant is gone");
    }
    assertTrue(store.rooms().find("keep").isPresent(), "another tenant's room stays");
    assertEquals(List.of(new TenantId("globex")), store.users().find("alice").orElseThrow().teams());

    assertInstanceOf(Outcome.Skipped.class, smallBatches.handle(event("c9", NOW.minusSeconds(40), room("r9", "acme"))));
    smallBatches.handle(event("u0", NOW.minusSeconds(40), user("bob", "acme", "globex")));
    assertEquals(List.of(new TenantId("globex")), store.users().find("bob").orElseThrow().teams(),
        "an older upsert does not re-add the deleted team");
  }

  @Test
  void theDefaultTenantCannotBeOffboarded() {
    InvalidInputException refused = assertThrows(InvalidInputException.class,
        () -> provisioning.deleteTenant(TenantId.DEFAULT, NOW));
    assertEquals(ErrorCode.INVALID_TENANT, refused.errorCode());
  }

  @Test
  void aRepeatedSignUpAddsTeamsAndChangesNothingElse() {
    provisioning.signUp("carol", Optional.of("Carol"), List.of(new TenantId("acme")));
    provisioning.signUp("carol", Optional.of("Carol"), List.of(new TenantId("acme")));
    provisioning.signUp("carol", Optional.empty(), List.of(new TenantId("globex")));
    var carol = store.users().find("carol").orElseThrow();
    assertEquals(Set.of(new TenantId("acme"), new TenantId("globex")), Set.copyOf(carol.teams()));
    assertEquals(Optional.of("Carol"), carol.name());
  }
}
