package dev.gatehouse.service.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.memory.MemoryStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Room CRUD on the in-memory store (held to the repository contract the SQL and DynamoDB stores
 * pass): the Liveblocks semantics of create, get, update, upsert and delete, and that a refused
 * request writes nothing.
 */
class RoomServiceTest {
  private final RoomRepository repository = MemoryStore.open(Clock.systemUTC()).rooms();
  private final RoomService rooms = new RoomService(repository, Clock.systemUTC());

  private static NewRoom room(String id, List<String> defaults, Optional<String> tenant) {
    return new NewRoom(id, defaults, Map.of(), Map.of("alice", List.of("room:write")), Map.of("color", "blue"), tenant);
  }

  private static RoomPatch metadata(String key, Object value) {
    return new RoomPatch(Optional.empty(), MapPatch.none(), MapPatch.none(), new MapPatch<>(false, Map.of(key, value), Set.of()),
        Optional.empty());
  }

  private static ErrorCode code(Runnable call) {
    return assertThrows(GatehouseException.class, call::run).errorCode();
  }

  @Test
  void aCreatedRoomIsReadBackAsWritten() {
    Room created = rooms.create(room("r1", List.of("room:read"), Optional.of("acme")), false);
    Room read = rooms.get("r1");
    assertEquals(created, read);
    assertEquals(new TenantId("acme"), read.tenant());
    assertEquals(List.of("room:read"), read.accesses().defaultAccesses().values());
    assertEquals(List.of("room:write"), read.accesses().usersAccesses().get("alice").values());
    assertEquals("blue", read.metadata().get("color"));
  }

  @Test
  void aTakenIdIsAConflictUnlessTheCreateIsIdempotent() {
    Room first = rooms.create(room("r1", List.of(), Optional.empty()), false);
    assertThrows(ConflictException.class, () -> rooms.create(room("r1", List.of("room:write"), Optional.empty()), false));
    assertEquals(ErrorCode.ROOM_ALREADY_EXISTS, code(() -> rooms.create(room("r1", List.of(), Optional.empty()), false)));
    assertEquals(first, rooms.create(room("r1", List.of("room:write"), Optional.empty()), true), "the existing room, unchanged");
  }

  @Test
  void unknownAndImpossibleIds() {
    assertEquals(ErrorCode.ROOM_NOT_FOUND, code(() -> rooms.get("nowhere")));
    assertThrows(NotFoundException.class, () -> rooms.update("nowhere", metadata("k", "v")));
    rooms.delete("nowhere"); // deleting a room that does not exist succeeds, as the SDK expects
    assertThrows(InvalidInputException.class, () -> rooms.get("x".repeat(200)));
  }

  @Test
  void anUpdateChangesOnlyWhatItNamesAndMovesTheVersion() {
    Room before = rooms.create(room("r1", List.of("room:read"), Optional.empty()), false);
    Room after = rooms.update("r1", metadata("size", "large"));
    assertEquals(Map.of("color", "blue", "size", "large"), after.metadata());
    assertEquals(before.accesses(), after.accesses());
    assertTrue(after.version() > before.version(), "a new version");
    assertEquals(after, rooms.get("r1"));
  }

  @Test
  void aRefusedUpdateWritesNothing() {
    Room before = rooms.create(room("r1", List.of("room:read"), Optional.empty()), false);
    RoomPatch bad = new RoomPatch(Optional.of(List.of("room:fly")), MapPatch.none(), MapPatch.none(),
        new MapPatch<>(false, Map.of("size", "large"), Set.of()), Optional.empty());
    assertThrows(InvalidInputException.class, () -> rooms.update("r1", bad));
    RoomPatch otherTenant = new RoomPatch(Optional.empty(), MapPatch.none(), MapPatch.none(),
        new MapPatch<>(false, Map.of("size", "large"), Set.of()), Optional.of("globex"));
    assertEquals(ErrorCode.TENANT_IMMUTABLE, code(() -> rooms.update("r1", otherTenant)));
    assertEquals(before, rooms.get("r1"), "neither the metadata nor the version moved");
  }

  @Test
  void anUpsertCreatesAPrivateRoomThenUpdatesIt() {
    Room created = rooms.upsert("r1", metadata("k", "1"), Optional.empty());
    assertTrue(created.accesses().defaultAccesses().isEmpty(), "created without defaultAccesses: private");
    assertEquals(Map.of("k", "1"), created.metadata());
    Room updated = rooms.upsert("r1", metadata("k", "2"), Optional.empty());
    assertEquals(Map.of("k", "2"), updated.metadata());
    assertEquals(ErrorCode.MISSING_FIELD, code(() -> rooms.upsert("r2", new RoomPatch(Optional.empty(), MapPatch.none(),
        MapPatch.none(), MapPatch.none(), Optional.empty()), Optional.empty())));
    assertTrue(repository.find("r2").isEmpty(), "an empty upsert creates nothing");
  }

  @Test
  void aDeletedRoomIsGoneAndItsIdFree() {
    rooms.create(room("r1", List.of(), Optional.of("acme")), false);
    rooms.delete("r1");
    assertEquals(ErrorCode.ROOM_NOT_FOUND, code(() -> rooms.get("r1")));
    assertEquals(new TenantId("globex"), rooms.create(room("r1", List.of(), Optional.of("globex")), false).tenant());
  }
}
