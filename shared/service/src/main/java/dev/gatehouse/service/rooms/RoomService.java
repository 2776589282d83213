package dev.gatehouse.service.rooms;

import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.RoomRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Room CRUD as the Liveblocks REST API v2 defines it, for server-side callers. Every input is
 * checked against the permission module's rules and limits before anything is written, and an
 * update is checked against the room it produces, so a request that fails writes nothing.
 */
public final class RoomService {
  private final RoomRepository rooms;
  private final Clock clock;

  public RoomService(RoomRepository rooms, Clock clock) {
    this.rooms = Objects.requireNonNull(rooms);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Creates a room.
   *
   * @param idempotent return the existing room instead of failing when the id is taken
   * @throws ConflictException {@code ROOM_ALREADY_EXISTS} when the id is taken (not idempotent)
   */
  public Room create(NewRoom request, boolean idempotent) {
    Room room = noted(validate(request, Optional.empty()));
    try {
      return rooms.create(room);
    } catch (ConflictException e) {
      if (idempotent && e.errorCode() == ErrorCode.ROOM_ALREADY_EXISTS) {
        Optional<Room> existing = rooms.find(room.id());
        if (existing.isPresent()) {
          // Ids are unique across tenants: another tenant's room is never "the room you asked for".
          return requireTenant(existing.get(), room.tenant());
        }
        return create(request, true); // deleted in between: try again
      }
      throw e;
    }
  }

  /** Creates a room from a provisioning event, marked with the event's time. */
  public Room createFromEvent(NewRoom request, Instant at) {
    return rooms.create(validate(request, Optional.empty()).withLastEventAt(at));
  }

  /** Applies a provisioning event's update unless {@code check} rejects the room; marks it with the event's time. */
  public Room updateFromEvent(String roomId, RoomPatch patch, Instant at, java.util.function.Consumer<Room> check) {
    Limits.requireRoomId(roomId, "roomId");
    PreparedPatch prepared = PreparedPatch.of(patch);
    return rooms.update(roomId, room -> {
      check.accept(room);
      return prepared.applyTo(room).withLastEventAt(at);
    }).orElseThrow(() -> notFound(roomId));
  }

  /** Creates a room owned by {@code createdBy} (client-side creation). */
  public Room createOwned(NewRoom request, String createdBy) {
    return rooms.create(noted(validate(request, Optional.of(createdBy))));
  }

  /**
   * The room with this id.
   *
   * @throws NotFoundException {@code ROOM_NOT_FOUND}
   */
  public Room get(String roomId) {
    Limits.requireRoomId(roomId, "roomId");
    return rooms.find(roomId).map(RoomService::noted).orElseThrow(() -> notFound(roomId));
  }

  /** The room, its tenant noted for the request's access line. */
  private static Room noted(Room room) {
    RequestNotes.tenant(room.tenant().value());
    return room;
  }

  /**
   * {@code updateRoomId}: the room under {@code newRoomId}, with its tenant, accesses, metadata and
   * creation time ({@link dev.gatehouse.store.RoomRepository#rename}).
   *
   * @throws InvalidInputException {@code INVALID_ROOM_ID} for an invalid id, or a new id that is the room's own
   * @throws NotFoundException {@code ROOM_NOT_FOUND}
   * @throws dev.gatehouse.errors.ConflictException {@code ROOM_ALREADY_EXISTS} when the new id is taken
   */
  public Room updateRoomId(String roomId, String newRoomId) {
    Limits.requireRoomId(roomId, "roomId");
    Limits.requireRoomId(newRoomId, "newRoomId");
    if (roomId.equals(newRoomId)) {
      throw new InvalidInputException(ErrorCode.INVALID_ROOM_ID, "newRoomId", "newRoomId is the room's current id",
          "Send the id the room should have from now on.");
    }
    return rooms.rename(roomId, newRoomId).map(RoomService::noted).orElseThrow(() -> notFound(roomId));
  }

  /**
   * Applies a partial update.
   *
   * @throws NotFoundException {@code ROOM_NOT_FOUND}
   * @throws InvalidInputException when a value or the resulting room breaks a rule or a limit,
   *     or the patch names another tenant ({@code TENANT_IMMUTABLE})
   */
  public Room update(String roomId, RoomPatch patch) {
    return update(roomId, patch, (before, after) -> {});
  }

  /**
   * Applies a partial update if {@code guard} accepts the room as it is when written and as it
   * would be after: the guard runs inside the optimistic write, so a decision about the room is
   * made on the very version that is changed (and may run again if that version moved on).
   */
  public Room update(String roomId, RoomPatch patch, java.util.function.BiConsumer<Room, Room> guard) {
    return update(roomId, patch, room -> {}, guard);
  }

  /**
   * As {@link #update(String, RoomPatch, java.util.function.BiConsumer)}, with {@code mayChange}
   * deciding on the room as read before the patch meets it: a caller refused there learns nothing
   * the patch would have found (the room's tenant, whether its entries are full).
   */
  public Room update(String roomId, RoomPatch patch, java.util.function.Consumer<Room> mayChange,
      java.util.function.BiConsumer<Room, Room> guard) {
    Limits.requireRoomId(roomId, "roomId");
    PreparedPatch prepared = PreparedPatch.of(patch);
    return rooms.update(roomId, room -> {
      noted(room);
      mayChange.accept(room);
      Room after = prepared.applyTo(room);
      guard.accept(room, after);
      return after;
    }).orElseThrow(() -> notFound(roomId));
  }

  /**
   * Updates the room if it exists, else creates it from {@code create} with {@code update} applied
   * on top (the Liveblocks upsert). A room created here without any defaultAccesses is private.
   */
  public Room upsert(String roomId, RoomPatch update, Optional<NewRoom> create) {
    Limits.requireRoomId(roomId, "roomId");
    if (update.isEmpty()) {
      throw new InvalidInputException(
          ErrorCode.MISSING_FIELD,
          "update",
          "update must set at least one of defaultAccesses, groupsAccesses, usersAccesses, metadata",
          "Put the fields to change in update, and creation-only fields in create.");
    }
    PreparedPatch prepared = PreparedPatch.of(update);
    NewRoom base = create.orElse(new NewRoom(roomId, null, Map.of(), Map.of(), Map.of(), Optional.empty()));
    Optional<TenantId> named = base.organizationId().map(t -> TenantId.parse(t, "organizationId"));
    // Validate the creation branch up front too, so a bad create part fails even if the room exists.
    Room candidate = prepared.applyTo(validate(withId(base, roomId), Optional.empty()));
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<Room> updated = rooms.update(roomId,
          room -> prepared.applyTo(named.isPresent() ? requireTenant(noted(room), named.get()) : noted(room)));
      if (updated.isPresent()) {
        return updated.get();
      }
      try {
        return rooms.create(noted(Room.create(roomId, candidate.tenant(), clock.instant(), candidate.metadata(),
            candidate.accesses(), Optional.empty())));
      } catch (ConflictException e) {
        if (e.errorCode() != ErrorCode.ROOM_ALREADY_EXISTS) {
          throw e;
        }
        // Created concurrently: update it instead.
      }
    }
    throw new ConflictException(ErrorCode.CONCURRENT_UPDATE, "The room was created and deleted repeatedly during this upsert.",
        "Retry the request.");
  }

  /** Deletes a room; deleting a room that does not exist succeeds (as the Liveblocks SDK expects). */
  public void delete(String roomId) {
    Limits.requireRoomId(roomId, "roomId");
    rooms.delete(roomId);
  }

  /** A page of rooms, newest first. */
  public RoomPage list(ListRooms request) {
    if (request.limit() < 1 || request.limit() > 100) {
      throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "limit",
          "limit must be between 1 and 100; got " + request.limit(), "Leave limit out for the default of 20.");
    }
    Optional<TenantId> tenant = request.organizationId().map(t -> TenantId.parse(t, "organizationId"));
    request.userId().ifPresent(u -> Limits.requireUserId(u, "userId"));
    request.groupIds().forEach(g -> Limits.requireGroupsAccessesKey(g, "groupIds"));

    Predicate<Room> filter = request.query().map(RoomQuery::parse).orElse(RoomQuery.ALL);
    for (Map.Entry<String, String> legacy : request.legacyMetadata().entrySet()) {
      filter = filter.and(new RoomQuery.MetadataEquals(legacy.getKey(), legacy.getValue()));
    }
    RoomListing.Source source;
    if (request.userId().isPresent() || !request.groupIds().isEmpty()) {
      source = new RoomListing.Members(request.userId(), Set.copyOf(request.groupIds()));
      if (tenant.isPresent()) {
        TenantId only = tenant.get();
        filter = filter.and(room -> room.tenant().equals(only));
      }
    } else if (tenant.isPresent()) {
      source = new RoomListing.Tenants(Set.of(tenant.get()));
    } else {
      source = new RoomListing.AllRooms();
    }
    return rooms.list(new RoomListing(source, filter, request.limit(), request.startingAfter()));
  }

  /** Checks a room to create against every rule and limit. */
  private Room validate(NewRoom request, Optional<String> createdBy) {
    Limits.requireRoomId(request.id(), "id");
    if (request.defaultAccesses() == null) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "defaultAccesses", "Missing key: 'defaultAccesses'.",
          "Send defaultAccesses: [] for a private room, or e.g. [\"*:write\"] for a public one.");
    }
    TenantId tenant = TenantId.parse(request.organizationId().orElse(null), "organizationId");
    RoomAccesses accesses = RoomAccesses.parse(request.defaultAccesses(), request.groupsAccesses(), request.usersAccesses());
    Limits.requireMetadata(request.metadata(), "metadata");
    return Room.create(request.id(), tenant, clock.instant(), request.metadata(), accesses, createdBy);
  }

  private static NewRoom withId(NewRoom room, String id) {
    return new NewRoom(id, room.defaultAccesses() == null ? List.of() : room.defaultAccesses(),
        room.groupsAccesses(), room.usersAccesses(), room.metadata(), room.organizationId());
  }

  /** The room, if it belongs to {@code tenant}; a room of another tenant is a conflict, never a success. */
  private static Room requireTenant(Room room, TenantId tenant) {
    if (!room.tenant().equals(tenant)) {
      throw new ConflictException(ErrorCode.ROOM_ALREADY_EXISTS,
          "Room \"" + room.id() + "\" already exists in another organization.",
          "Room ids are unique across organizations: choose another id (prefixing it with the organization helps).");
    }
    return room;
  }

  static NotFoundException notFound(String roomId) {
    return new NotFoundException(ErrorCode.ROOM_NOT_FOUND, "Room \"" + roomId + "\" not found.",
        "Check the room id; GET /v2/rooms lists your rooms.");
  }

  /** The {@link Limits} check for the keys of one accesses map. */
  private interface KeyCheck {
    String require(String key, String field);
  }

  /** A patch whose values are validated once, then applied to whatever room the store reads. */
  private record PreparedPatch(
      Optional<PermissionList> defaults,
      boolean clearGroups, Map<String, PermissionList> setGroups, Set<String> removeGroups,
      boolean clearUsers, Map<String, PermissionList> setUsers, Set<String> removeUsers,
      boolean clearMetadata, Map<String, Object> setMetadata, Set<String> removeMetadata,
      Optional<TenantId> tenant) {

    static PreparedPatch of(RoomPatch patch) {
      Map<String, Object> metadata = patch.metadata().set();
      metadata.forEach((key, value) -> Limits.requireMetadataEntry(key, value, "metadata"));
      patch.metadata().remove().forEach(key -> Limits.requireMetadataEntry(key, "", "metadata"));
      return new PreparedPatch(
          patch.defaultAccesses().map(list -> PermissionList.parse(list, "defaultAccesses")),
          patch.groupsAccesses().clear(), entries(patch.groupsAccesses(), "groupsAccesses", Limits::requireGroupsAccessesKey),
          keys(patch.groupsAccesses(), "groupsAccesses", Limits::requireGroupsAccessesKey),
          patch.usersAccesses().clear(), entries(patch.usersAccesses(), "usersAccesses", Limits::requireUsersAccessesKey),
          keys(patch.usersAccesses(), "usersAccesses", Limits::requireUsersAccessesKey),
          patch.metadata().clear(), metadata, patch.metadata().remove(),
          patch.organizationId().map(t -> TenantId.parse(t, "organizationId")));
    }

    private static Map<String, PermissionList> entries(MapPatch<List<String>> patch, String field, KeyCheck keyCheck) {
      Map<String, PermissionList> parsed = new LinkedHashMap<>();
      patch.set().forEach((key, list) -> {
        keyCheck.require(key, field + " key");
        parsed.put(key, PermissionList.parseNonEmpty(list, field + "." + key));
      });
      return parsed;
    }

    private static Set<String> keys(MapPatch<List<String>> patch, String field, KeyCheck keyCheck) {
      patch.remove().forEach(key -> keyCheck.require(key, field + " key"));
      return patch.remove();
    }

    Room applyTo(Room room) {
      if (tenant.isPresent() && !tenant.get().equals(room.tenant())) {
        throw new InvalidInputException(
            ErrorCode.TENANT_IMMUTABLE,
            "organizationId",
            "A room's organizationId cannot change: room \"" + room.id() + "\" belongs to \"" + room.tenant() + "\"",
            "To move a room, create a new room in the new organization, copy what you need, then delete the old room.");
      }
      RoomAccesses current = room.accesses();
      Map<String, PermissionList> groups = merge(current.groupsAccesses(), clearGroups, setGroups, removeGroups);
      Map<String, PermissionList> users = merge(current.usersAccesses(), clearUsers, setUsers, removeUsers);
      Limits.requireAccessEntries(groups.size(), "groupsAccesses");
      Limits.requireAccessEntries(users.size(), "usersAccesses");
      Map<String, Object> metadata = merge(room.metadata(), clearMetadata, setMetadata, removeMetadata);
      Limits.requireMetadata(metadata, "metadata");
      return room
          .withAccesses(new RoomAccesses(defaults.orElse(current.defaultAccesses()), groups, users))
          .withMetadata(metadata);
    }

    private static <V> Map<String, V> merge(Map<String, V> current, boolean clear, Map<String, V> set, Set<String> remove) {
      Map<String, V> out = clear ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
      remove.forEach(out::remove);
      out.putAll(set);
      return out;
    }
  }
}
