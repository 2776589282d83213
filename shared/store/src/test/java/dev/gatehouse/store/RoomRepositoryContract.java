package dev.gatehouse.store;

import static dev.gatehouse.store.Rooms.aRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link RoomRepository} backend must show. Each backend extends this class
 * once (the SQL store in memory and in a file; DynamoDB on moto; LocalStack where Docker exists),
 * so no backend can drift. Each test class gets its own store; each test uses its own room ids
 * and tenants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RoomRepositoryContract {
  protected RoomRepository repository;
  private final AtomicInteger sequence = new AtomicInteger();
  private StoreBackend backend;

  /** The backend under test: a new one for this class. */
  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    repository = backend.open(java.time.Clock.systemUTC()).rooms();
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

  private static RoomListing listing(RoomListing.Source source, int limit, Optional<String> after) {
    return new RoomListing(source, r -> true, limit, after);
  }

  private List<String> listAllIds(RoomListing.Source source, Predicate<Room> filter, int pageSize) {
    List<String> ids = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      RoomPage page = repository.list(new RoomListing(source, filter, pageSize, cursor));
      page.rooms().forEach(r -> ids.add(r.id()));
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return ids;
  }

  // --- create and find ---------------------------------------------------------------------

  @Test
  void createThenFindByIdAndByTenant() {
    String tenant = unique("acme");
    Room room = aRoom(unique("room")).inTenant(tenant).withDefault("*:read")
        .withUser("alice", "room:write", "storage:read").withGroup("eng", "*:write")
        .withMetadata("color", "blue").withMetadata("tags", List.of("a", "b")).build();

    Room stored = repository.create(room);

    assertEquals(1, stored.version());
    Room found = repository.find(room.id()).orElseThrow();
    assertEquals(stored, found);
    assertEquals(List.of("room:write", "storage:read"), found.accesses().usersAccesses().get("alice").values(),
        "permission strings read back exactly as written");
    assertEquals(List.of("a", "b"), found.metadata().get("tags"));
    assertEquals(Optional.of(found), repository.find(new TenantId(tenant), room.id()));
    assertEquals(Optional.of(new TenantId(tenant)), repository.tenantOf(room.id()));
  }

  @Test
  void aRoomIsNotFoundThroughAnotherTenant() {
    Room room = repository.create(aRoom(unique("room")).inTenant(unique("a")).build());
    assertEquals(Optional.empty(), repository.find(new TenantId(unique("b")), room.id()));
    assertEquals(Optional.empty(), repository.find(TenantId.DEFAULT, room.id()));
  }

  @Test
  void manyRoomsAreFoundAtOnceEachInTheTenantItIsLookedFor() {
    String a = unique("a");
    String b = unique("b");
    Room inA = repository.create(aRoom(unique("room")).inTenant(a).withDefault("*:read").build());
    Room inB = repository.create(aRoom(unique("room")).inTenant(b).build());
    String missing = unique("missing");
    java.util.Map<String, TenantId> where = new java.util.LinkedHashMap<>();
    where.put(inA.id(), new TenantId(a));
    where.put(inB.id(), new TenantId(a)); // looked for in the wrong tenant: not found
    where.put(missing, new TenantId(a));
    assertEquals(java.util.Map.of(inA.id(), inA), repository.findAll(where));
    assertEquals(java.util.Map.of(inA.id(), new TenantId(a), inB.id(), new TenantId(b)),
        repository.tenantsOf(List.of(inA.id(), inB.id(), missing, inA.id())));
    assertEquals(java.util.Map.of(), repository.findAll(java.util.Map.of()));
    assertEquals(java.util.Map.of(), repository.tenantsOf(List.of()));
  }

  @Test
  void missingRoomsAreEmptyNotErrors() {
    assertEquals(Optional.empty(), repository.find("nope-" + unique("x")));
    assertEquals(Optional.empty(), repository.tenantOf("nope-" + unique("x")));
    assertEquals(Optional.empty(), repository.update("nope-" + unique("x"), r -> r));
    assertEquals(Optional.empty(), repository.delete("nope-" + unique("x")));
  }

  @Test
  void roomIdsAreUniqueAcrossTenants() {
    String id = unique("room");
    repository.create(aRoom(id).inTenant(unique("a")).build());
    ConflictException sameTenant = assertThrows(ConflictException.class, () -> repository.create(aRoom(id).build()));
    assertEquals("ROOM_ALREADY_EXISTS", sameTenant.code());
    ConflictException otherTenant = assertThrows(ConflictException.class,
        () -> repository.create(aRoom(id).inTenant(unique("b")).build()));
    assertEquals("ROOM_ALREADY_EXISTS", otherTenant.code());
  }

  // --- update and delete -------------------------------------------------------------------

  @Test
  void updateAppliesTheChangeAndBumpsTheVersion() {
    Room room = repository.create(aRoom(unique("room")).withDefault("*:read").build());
    Room updated = repository.update(room.id(), r -> Rooms.withUserEntry(r.withMetadata(Map.of("k", "v")), "bob", List.of("*:write")))
        .orElseThrow();
    assertEquals(2, updated.version());
    assertEquals(updated, repository.find(room.id()).orElseThrow());
    assertEquals("v", updated.metadata().get("k"));
  }

  @Test
  void aRejectedUpdateWritesNothing() {
    Room room = repository.create(aRoom(unique("room")).withUser("alice", "*:read").build());
    assertThrows(InvalidInputException.class, () -> repository.update(room.id(), r -> {
      throw new InvalidInputException(ErrorCode.INVALID_METADATA, "metadata", "no", "no");
    }));
    assertEquals(room, repository.find(room.id()).orElseThrow());
  }

  @Test
  void deleteRemovesTheRoomItsIdAndItsEntries() {
    String user = unique("user");
    Room room = repository.create(aRoom(unique("room")).withUser(user, "*:read").build());
    assertEquals(Optional.of(room), repository.delete(room.id()));
    assertEquals(Optional.empty(), repository.find(room.id()));
    assertEquals(Optional.empty(), repository.tenantOf(room.id()));
    assertEquals(List.of(), listAllIds(new RoomListing.Members(Optional.of(user), Set.of()), r -> true, 10));
    // The id is free again, even in another tenant, and the old room's entries do not leak into the new one.
    Room again = repository.create(aRoom(room.id()).inTenant(unique("t")).createdAt(room.createdAt().plusSeconds(5)).build());
    assertEquals(again, repository.find(room.id()).orElseThrow());
    assertEquals(List.of(), listAllIds(new RoomListing.Members(Optional.of(user), Set.of()), r -> true, 10));
  }

  // --- listing -----------------------------------------------------------------------------

  @Test
  void listsATenantNewestFirstAcrossPages() {
    String tenant = unique("paged");
    Instant base = Instant.parse("2026-03-01T10:00:00.000Z");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Room room = repository.create(aRoom(unique("p")).inTenant(tenant).createdAt(base.plusMillis(i * 7L)).build());
      expected.add(room.id());
    }
    repository.create(aRoom(unique("other")).inTenant(unique("other")).createdAt(base).build());
    Collections.reverse(expected);

    RoomPage first = repository.list(listing(new RoomListing.Tenants(Set.of(new TenantId(tenant))), 10, Optional.empty()));
    assertEquals(expected.subList(0, 10), first.rooms().stream().map(Room::id).toList());
    assertTrue(first.nextCursor().isPresent());
    assertEquals(expected, listAllIds(new RoomListing.Tenants(Set.of(new TenantId(tenant))), r -> true, 10));
    RoomPage last = repository.list(listing(new RoomListing.Tenants(Set.of(new TenantId(tenant))), 100, Optional.empty()));
    assertEquals(25, last.rooms().size());
    assertEquals(Optional.empty(), last.nextCursor(), "the last page has no cursor");
  }

  @Test
  void listsSeveralTenantsMerged() {
    String a = unique("ta");
    String b = unique("tb");
    Instant base = Instant.parse("2026-04-01T00:00:00.000Z");
    Room a1 = repository.create(aRoom(unique("a1")).inTenant(a).createdAt(base.plusSeconds(1)).build());
    Room b1 = repository.create(aRoom(unique("b1")).inTenant(b).createdAt(base.plusSeconds(2)).build());
    Room a2 = repository.create(aRoom(unique("a2")).inTenant(a).createdAt(base.plusSeconds(3)).build());
    assertEquals(List.of(a2.id(), b1.id(), a1.id()),
        listAllIds(new RoomListing.Tenants(Set.of(new TenantId(a), new TenantId(b))), r -> true, 1));
  }

  @Test
  void listsAllRoomsNewestFirst() {
    Instant future = Instant.parse("2099-01-01T00:00:00.000Z");
    Room newer = repository.create(aRoom(unique("all")).createdAt(future.plusSeconds(1)).build());
    Room older = repository.create(aRoom(unique("all")).inTenant(unique("t")).createdAt(future).build());
    RoomPage page = repository.list(listing(new RoomListing.AllRooms(), 2, Optional.empty()));
    assertEquals(List.of(newer.id(), older.id()), page.rooms().stream().map(Room::id).toList());
  }

  @Test
  void listsAllRoomsAcrossPagesInEveryOrder() {
    String tag = unique("order");
    Instant t = Instant.parse("2097-01-01T00:00:00.000Z");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(repository.create(aRoom(tag + "-" + (char) ('g' - i)).inTenant(i % 2 == 0 ? tag + "-x" : tag + "-y")
          .createdAt(t.plusSeconds(i)).build()).id());
    }
    Predicate<Room> mine = r -> r.id().startsWith(tag);
    assertEquals(created.reversed(), listAllIds(new RoomListing.AllRooms(), mine, 3, Ordering.NEWEST_FIRST));
    assertEquals(created.stream().sorted().toList(), listAllIds(new RoomListing.AllRooms(), mine, 2, new Ordering(Ordering.Field.ID, false)));
    assertEquals(created.stream().sorted().toList().reversed(), listAllIds(new RoomListing.AllRooms(), mine, 4, new Ordering(Ordering.Field.ID, true)));
    assertEquals(created, listAllIds(new RoomListing.AllRooms(), mine, 5, new Ordering(Ordering.Field.CREATED_AT, false)));
    RoomListing.Tenants both = new RoomListing.Tenants(Set.of(new TenantId(tag + "-x"), new TenantId(tag + "-y")));
    assertEquals(created.stream().sorted().toList(), listAllIds(both, r -> true, 3, new Ordering(Ordering.Field.ID, false)));
    assertEquals(created.reversed(), listAllIds(both, r -> true, 2, Ordering.NEWEST_FIRST));
  }

  @Test
  void idsSortByCodePointAsDynamoDbComparesUtf8Bytes() {
    // U+FFFD sorts before U+1F600 by code point (and by UTF-8 byte), after it by UTF-16 unit
    // (0xFFFD > 0xD83D): every backend, and every merge of several partitions, must agree.
    String tag = unique("utf8");
    String bmp = tag + "-\uFFFD";
    String astral = tag + "-\uD83D\uDE00";
    Instant t = Instant.parse("2096-01-01T00:00:00.000Z");
    repository.create(aRoom(astral).inTenant(tag + "-x").createdAt(t).build());
    repository.create(aRoom(bmp).inTenant(tag + "-y").createdAt(t).build());
    Predicate<Room> mine = r -> r.id().startsWith(tag);
    Ordering byId = new Ordering(Ordering.Field.ID, false);
    RoomListing.Tenants both = new RoomListing.Tenants(Set.of(new TenantId(tag + "-x"), new TenantId(tag + "-y")));
    assertEquals(List.of(bmp, astral), listAllIds(new RoomListing.AllRooms(), mine, 1, byId), "one partition, by id");
    assertEquals(List.of(bmp, astral), listAllIds(both, r -> true, 1, byId), "two partitions merged, by id");
    assertEquals(List.of(astral, bmp), listAllIds(both, r -> true, 1, new Ordering(Ordering.Field.ID, true)));
    assertEquals(List.of(astral, bmp), listAllIds(both, r -> true, 1, Ordering.NEWEST_FIRST),
        "same creation time: newest first breaks the tie by id, highest first");
  }

  private List<String> listAllIds(RoomListing.Source source, Predicate<Room> filter, int pageSize, Ordering order) {
    List<String> ids = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      RoomPage page = repository.list(new RoomListing(source, filter, pageSize, cursor, order));
      page.rooms().forEach(r -> ids.add(r.id()));
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return ids;
  }

  @Test
  void aCursorOnlyWorksWithTheOrderItWasMadeFor() {
    String tenant = unique("cursor");
    for (int i = 0; i < 3; i++) {
      repository.create(aRoom(unique("c")).inTenant(tenant).createdAt(Instant.parse("2026-08-01T00:00:00.000Z").plusSeconds(i)).build());
    }
    RoomListing.Tenants source = new RoomListing.Tenants(Set.of(new TenantId(tenant)));
    String cursor = repository.list(new RoomListing(source, r -> true, 1, Optional.empty())).nextCursor().orElseThrow();
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> repository.list(new RoomListing(source, r -> true, 1, Optional.of(cursor), new Ordering(Ordering.Field.ID, false))));
    assertEquals("INVALID_CURSOR", e.code());
  }

  @Test
  void listsRoomsWhereAUserOrAnyGroupHasAnEntry() {
    String user = unique("user");
    String group = unique("group");
    String other = unique("group");
    Instant base = Instant.parse("2026-05-01T00:00:00.000Z");
    Room viaUser = repository.create(aRoom(unique("m")).createdAt(base.plusSeconds(1)).withUser(user, "*:read").build());
    Room viaGroup = repository.create(aRoom(unique("m")).inTenant(unique("t")).createdAt(base.plusSeconds(2)).withGroup(group, "*:read").build());
    Room viaBoth = repository.create(aRoom(unique("m")).createdAt(base.plusSeconds(3)).withUser(user, "*:write").withGroup(other, "*:read").build());
    repository.create(aRoom(unique("m")).createdAt(base.plusSeconds(4)).withDefault("*:write").build());

    assertEquals(List.of(viaBoth.id(), viaGroup.id(), viaUser.id()),
        listAllIds(new RoomListing.Members(Optional.of(user), Set.of(group, other)), r -> true, 2));
    assertEquals(List.of(viaGroup.id()), listAllIds(new RoomListing.Members(Optional.empty(), Set.of(group)), r -> true, 10));

    repository.update(viaUser.id(), r -> Rooms.withUserEntry(r, user, null));
    assertEquals(List.of(viaBoth.id()), listAllIds(new RoomListing.Members(Optional.of(user), Set.of()), r -> true, 10),
        "a removed entry leaves the listing");
  }

  @Test
  void filtersApplyAndPagesStayBounded() {
    String tenant = unique("filtered");
    Instant base = Instant.parse("2026-06-01T00:00:00.000Z");
    for (int i = 0; i < 30; i++) {
      repository.create(aRoom(unique("f")).inTenant(tenant).createdAt(base.plusSeconds(i))
          .withMetadata("parity", i % 2 == 0 ? "even" : "odd").build());
    }
    List<String> even = listAllIds(new RoomListing.Tenants(Set.of(new TenantId(tenant))),
        r -> "even".equals(r.metadata().get("parity")), 4);
    assertEquals(15, even.size());
    assertEquals(15, new HashSet<>(even).size(), "no room twice across pages");
  }

  @Test
  void aForeignCursorIsRejected() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> repository.list(listing(new RoomListing.AllRooms(), 10, Optional.of("not-a-cursor"))));
    assertEquals("INVALID_CURSOR", e.code());
    assertTrue(e.getMessage().startsWith("startingAfter "), e.getMessage());
  }

  // --- large changes -----------------------------------------------------------------------

  @Test
  void aRoomWithMoreEntriesThanOneTransactionIsIndexedWhole() {
    Rooms builder = aRoom(unique("big")).withDefault("*:read");
    List<String> users = IntStream.range(0, 100).mapToObj(i -> unique("u")).toList();
    List<String> groups = IntStream.range(0, 100).mapToObj(i -> unique("g")).toList();
    users.forEach(u -> builder.withUser(u, "*:write"));
    groups.forEach(g -> builder.withGroup(g, "*:read"));
    Room room = repository.create(builder.build());

    for (String u : List.of(users.getFirst(), users.get(57), users.getLast())) {
      assertEquals(List.of(room.id()), listAllIds(new RoomListing.Members(Optional.of(u), Set.of()), r -> true, 10));
    }
    assertEquals(List.of(room.id()), listAllIds(new RoomListing.Members(Optional.empty(), Set.of(groups.get(99))), r -> true, 10));

    // Replace every entry at once: 200 removals and 1 addition in one update.
    String newcomer = unique("u");
    repository.update(room.id(), r -> {
      Room cleared = r.withAccesses(new dev.gatehouse.permissions.RoomAccesses(r.accesses().defaultAccesses(), Map.of(), Map.of()));
      return Rooms.withUserEntry(cleared, newcomer, List.of("*:read"));
    });
    assertEquals(List.of(), listAllIds(new RoomListing.Members(Optional.of(users.get(3)), Set.of()), r -> true, 10));
    assertEquals(List.of(room.id()), listAllIds(new RoomListing.Members(Optional.of(newcomer), Set.of()), r -> true, 10));
  }

  @Test
  void aCreateThatLosesTheIdLeavesTheWinnersIndexWhole() {
    String id = unique("contested-create");
    Instant at = Instant.parse("2026-04-01T12:00:00.123Z");
    String shared = unique("both");
    String loserOnly = unique("loser");
    Room winner = repository.create(aRoom(id).inTenant(unique("t")).createdAt(at).withUser(shared, "room:read").build());
    // The same id in the same millisecond (a double submit racing on two containers), with more entries.
    ConflictException lost = assertThrows(ConflictException.class, () -> repository.create(aRoom(id).inTenant(unique("t"))
        .createdAt(at).withUser(shared, "room:write").withUser(loserOnly, "room:write").build()));
    assertEquals("ROOM_ALREADY_EXISTS", lost.code());
    assertEquals(List.of(id), listAllIds(new RoomListing.Members(Optional.of(shared), Set.of()), r -> true, 10),
        "the winner's entry stays indexed");
    assertEquals(List.of(), listAllIds(new RoomListing.Members(Optional.of(loserOnly), Set.of()), r -> true, 10));
    assertEquals(Optional.of(winner), repository.find(id));
  }

  // --- rename ------------------------------------------------------------------------------

  @Test
  void aRenamedRoomKeepsEverythingButItsIdAndItsIndexMovesWithIt() {
    String tenant = unique("rename-t");
    String user = unique("ru");
    String group = unique("rg");
    Room before = repository.create(aRoom(unique("old")).inTenant(tenant).withDefault("room:read")
        .withUser(user, "room:write").withGroup(group, "room:read").withMetadata("color", "blue").build());
    String newId = unique("new");

    Room renamed = repository.rename(before.id(), newId).orElseThrow();

    assertEquals(newId, renamed.id());
    assertEquals(before.tenant(), renamed.tenant());
    assertEquals(before.createdAt(), renamed.createdAt());
    assertEquals(before.metadata(), renamed.metadata());
    assertEquals(before.accesses(), renamed.accesses());
    assertEquals(before.version() + 1, renamed.version());
    assertEquals(Optional.of(renamed), repository.find(newId));
    assertEquals(Optional.of(renamed), repository.find(before.tenant(), newId));
    assertEquals(Optional.of(before.tenant()), repository.tenantOf(newId));
    assertEquals(Optional.empty(), repository.find(before.id()), "the old id finds nothing");
    assertEquals(Optional.empty(), repository.tenantOf(before.id()));
    assertEquals(List.of(newId), listAllIds(new RoomListing.Members(Optional.of(user), Set.of()), r -> true, 10));
    assertEquals(List.of(newId), listAllIds(new RoomListing.Members(Optional.empty(), Set.of(group)), r -> true, 10));
    assertEquals(List.of(newId), listAllIds(new RoomListing.Tenants(Set.of(new TenantId(tenant))), r -> true, 10));

    // The old id is free again, for a room of any tenant.
    Room reused = repository.create(aRoom(before.id()).inTenant(unique("other-t")).build());
    assertEquals(1, reused.version());
    assertEquals(List.of(newId), listAllIds(new RoomListing.Members(Optional.of(user), Set.of()), r -> true, 10));
  }

  @Test
  void renamingToATakenIdIsAConflictThatWritesNothing() {
    Room room = repository.create(aRoom(unique("mine")).inTenant(unique("t")).withUser("ann", "*:write").build());
    Room other = repository.create(aRoom(unique("theirs")).inTenant(unique("elsewhere")).build());

    ConflictException taken = assertThrows(ConflictException.class, () -> repository.rename(room.id(), other.id()));
    assertEquals("ROOM_ALREADY_EXISTS", taken.code());
    assertEquals(Optional.of(room), repository.find(room.id()));
    assertEquals(Optional.of(other), repository.find(other.id()));
    assertEquals(List.of(room.id()), listAllIds(new RoomListing.Members(Optional.of("ann"), Set.of()), r -> room.id().equals(r.id()), 10));
    assertEquals(Optional.empty(), repository.rename(unique("missing"), unique("anything")), "no room, nothing renamed");
  }

  @Test
  void aLargeRoomRenamedOntoARoomOfTheSameMillisecondLeavesThatRoomWhole() {
    Instant at = Instant.parse("2026-06-01T08:00:00.500Z"); // a bulk import: two rooms, one creation time
    String both = unique("both");
    Rooms big = aRoom(unique("big")).inTenant(unique("t")).createdAt(at).withUser(both, "room:read");
    IntStream.range(0, 60).forEach(i -> big.withUser(unique("bu"), "*:read"));
    Room large = repository.create(big.build());
    Room holder = repository.create(aRoom(unique("holder")).inTenant(unique("t2")).createdAt(at).withUser(both, "room:write").build());

    ConflictException taken = assertThrows(ConflictException.class, () -> repository.rename(large.id(), holder.id()));
    assertEquals("ROOM_ALREADY_EXISTS", taken.code());
    assertEquals(List.of(holder.id(), large.id()).stream().sorted().toList(),
        listAllIds(new RoomListing.Members(Optional.of(both), Set.of()), r -> true, 10).stream().sorted().toList(),
        "both rooms still listed for the user they share");
    assertEquals(Optional.of(holder), repository.find(holder.id()));
    assertEquals(Optional.of(large), repository.find(large.id()));
  }

  @Test
  void aRoomWithMoreEntriesThanOneTransactionHoldsIsRenamedWhole() {
    Rooms builder = aRoom(unique("big")).inTenant(unique("t"));
    // 100 entries: 5 + 2 x 100 actions, twice what one transaction holds.
    List<String> users = IntStream.range(0, 60).mapToObj(i -> unique("bu")).toList();
    List<String> groups = IntStream.range(0, 40).mapToObj(i -> unique("bg")).toList();
    users.forEach(u -> builder.withUser(u, "*:read"));
    groups.forEach(g -> builder.withGroup(g, "*:read"));
    Room room = repository.create(builder.build());
    String newId = unique("big-renamed");

    Room renamed = repository.rename(room.id(), newId).orElseThrow();

    assertEquals(room.accesses(), renamed.accesses());
    for (String u : List.of(users.getFirst(), users.get(31), users.getLast())) {
      assertEquals(List.of(newId), listAllIds(new RoomListing.Members(Optional.of(u), Set.of()), r -> true, 10));
    }
    assertEquals(List.of(newId), listAllIds(new RoomListing.Members(Optional.empty(), Set.of(groups.getLast())), r -> true, 10));
    assertEquals(Optional.empty(), repository.find(room.id()));
  }

  // --- concurrency -------------------------------------------------------------------------

  @Test
  void concurrentUpdatesOfDifferentEntriesLoseNothing() throws Exception {
    backend.requireAtomicConcurrentWrites();
    Room room = repository.create(aRoom(unique("race")).build());
    int writers = 16;
    List<String> users = IntStream.range(0, writers).mapToObj(i -> unique("w")).toList();
    runConcurrently(writers, i -> repository.update(room.id(), r -> Rooms.withUserEntry(r, users.get(i), List.of("*:write"))));

    Room after = repository.find(room.id()).orElseThrow();
    assertEquals(Set.copyOf(users), after.accesses().usersAccesses().keySet());
    assertEquals(1 + writers, after.version());
    for (String u : users) {
      assertEquals(List.of(room.id()), listAllIds(new RoomListing.Members(Optional.of(u), Set.of()), r -> true, 10));
    }
  }

  @Test
  void concurrentRenamesOfOneRoomHaveOneWinner() throws Exception {
    backend.requireAtomicConcurrentWrites();
    Room room = repository.create(aRoom(unique("contested")).inTenant(unique("t")).withUser("ann", "*:write").build());
    List<String> targets = IntStream.range(0, 8).mapToObj(i -> unique("target")).toList();
    Map<Integer, Room> won = new ConcurrentHashMap<>();
    runConcurrently(targets.size(), i -> repository.rename(room.id(), targets.get(i)).ifPresent(r -> won.put(i, r)));

    assertEquals(1, won.size(), "exactly one rename wins: " + won.keySet());
    Room winner = won.values().iterator().next();
    for (String target : targets) {
      assertEquals(target.equals(winner.id()), repository.find(target).isPresent(), target);
    }
    assertEquals(Optional.empty(), repository.find(room.id()));
    assertEquals(List.of(winner.id()), listAllIds(new RoomListing.Members(Optional.of("ann"), Set.of()),
        r -> r.tenant().equals(room.tenant()), 10));
  }

  @Test
  void concurrentCreatesOfOneIdGiveExactlyOneSuccess() throws Exception {
    backend.requireAtomicConcurrentWrites();
    String id = unique("once");
    AtomicInteger created = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    runConcurrently(12, i -> {
      try {
        repository.create(aRoom(id).inTenant("tenant-" + i).withUser("u" + i, "*:read").build());
        created.incrementAndGet();
      } catch (ConflictException e) {
        assertEquals("ROOM_ALREADY_EXISTS", e.code());
        conflicts.incrementAndGet();
      }
    });
    assertEquals(1, created.get());
    assertEquals(11, conflicts.get());
    Room winner = repository.find(id).orElseThrow();
    assertEquals(1, winner.accesses().usersAccesses().size(), "the winner's room is whole, nobody else's entries");
  }

  @Test
  void racingLargeAndSmallWritersKeepEveryEntryIndexed() throws Exception {
    backend.requireAtomicConcurrentWrites();
    Room room = repository.create(aRoom(unique("mixed")).build());
    List<String> pool = IntStream.range(0, 150).mapToObj(i -> unique("p")).toList();
    Map<Integer, Boolean> done = new ConcurrentHashMap<>();
    runConcurrently(8, i -> {
      for (int round = 0; round < 4; round++) {
        int r = round;
        if (i % 4 == 0) {
          // A large writer: swap a block of 110 users in one update (more than one transaction).
          repository.update(room.id(), current -> {
            Map<String, dev.gatehouse.permissions.PermissionList> users = new java.util.LinkedHashMap<>();
            for (int k = 0; k < 110; k++) {
              users.put(pool.get((k + r * 13 + i) % pool.size()), dev.gatehouse.permissions.PermissionList.parseNonEmpty(List.of("*:read"), "u"));
            }
            return current.withAccesses(new dev.gatehouse.permissions.RoomAccesses(
                current.accesses().defaultAccesses(), current.accesses().groupsAccesses(), users));
          });
        } else {
          String user = pool.get((i * 31 + r * 7) % pool.size());
          boolean add = (i + r) % 2 == 0;
          repository.update(room.id(), current -> Rooms.withUserEntry(current, user, add ? List.of("*:write") : null));
        }
      }
      done.put(i, true);
    });
    assertEquals(8, done.size());

    Room after = repository.find(room.id()).orElseThrow();
    for (String u : pool) {
      boolean hasEntry = after.accesses().usersAccesses().containsKey(u);
      List<String> listed = listAllIds(new RoomListing.Members(Optional.of(u), Set.of()), r -> true, 10);
      assertEquals(hasEntry ? List.of(room.id()) : List.of(), listed, "user " + u + " entry=" + hasEntry);
    }
  }

  private interface Work {
    void run(int worker) throws Exception;
  }

  private static void runConcurrently(int workers, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        int worker = i;
        futures.add(pool.submit(() -> {
          start.await();
          work.run(worker);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deleteIfDeletesOnlyTheRoomItsConditionAccepts() {
    Room room = repository.create(aRoom(unique("cond")).inTenant(unique("alpha")).build());
    assertEquals(Optional.empty(), repository.deleteIf(room.id(), r -> false));
    assertEquals(Optional.of(room), repository.find(room.id()), "a refused delete writes nothing");

    // The id is deleted and taken by another tenant: a condition that holds only for the first
    // incarnation never deletes the second.
    repository.delete(room.id());
    Room again = repository.create(aRoom(room.id()).inTenant(unique("beta")).createdAt(room.createdAt().plusSeconds(5)).build());
    assertEquals(Optional.empty(), repository.deleteIf(room.id(), r -> r.tenant().equals(room.tenant())));
    assertEquals(Optional.of(again), repository.find(room.id()));
    assertEquals(Optional.of(again), repository.deleteIf(room.id(), r -> r.tenant().equals(again.tenant())));
    assertEquals(Optional.empty(), repository.find(room.id()));
  }

  @Test
  void deletedRoomsAreNeverListed() {
    String tenant = unique("gone");
    Room kept = repository.create(aRoom(unique("k")).inTenant(tenant).build());
    Room gone = repository.create(aRoom(unique("g")).inTenant(tenant).createdAt(kept.createdAt().plusSeconds(1)).build());
    repository.delete(gone.id());
    assertEquals(List.of(kept.id()), listAllIds(new RoomListing.Tenants(Set.of(new TenantId(tenant))), r -> true, 10));
    assertFalse(listAllIds(new RoomListing.AllRooms(), r -> r.tenant().value().equals(tenant), 100).contains(gone.id()));
  }
}
