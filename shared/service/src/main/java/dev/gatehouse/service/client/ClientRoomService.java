package dev.gatehouse.service.client;

import java.util.Set;
import dev.gatehouse.store.RateLimits;
import dev.gatehouse.service.limits.Quotas;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.Caller;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.RoomTarget;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.rooms.RoomPatch;
import dev.gatehouse.service.rooms.RoomService;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rooms as a client (an ID token) may create, change and delete them, each decided by the
 * {@link AccessCheck} before anything is written.
 */
public final class ClientRoomService {
  private final RoomService rooms;
  private final RoomRepository repository;
  private final AccessCheck access;
  private final Quotas quotas;

  public ClientRoomService(RoomService rooms, RoomRepository repository, AccessCheck access, Quotas quotas) {
    this.rooms = rooms;
    this.repository = repository;
    this.access = access;
    this.quotas = quotas;
  }

  /**
   * The caller of a client route: the user of an ID token, with their stored teams and role in
   * multi-tenant mode. Asked first, so a bad token is a 401 before the body is read.
   */
  public Caller caller(String idToken) {
    return access.clientCaller(idToken);
  }

  /**
   * Creates a room for the caller: they get {@code *:write} in usersAccesses and are its owner;
   * defaultAccesses defaults to private. In multi-tenant mode a caller with teams must name one of
   * them (400 without a team, 403 for a team they may not create in).
   */
  public Room create(Caller caller, NewRoom request) {
    Principal principal = caller.principal();
    if (caller.mode() == MultiTenantMode.ON && !principal.teams().isEmpty() && request.organizationId().isEmpty()) {
      // Only the teams this token reaches: a token narrowed to one team is not told the user's others.
      List<String> teams = principal.teams().stream()
          .filter(t -> principal.tokenTenant().map(t::equals).orElse(true)).map(TenantId::value).sorted().toList();
      throw new InvalidRequestException(ErrorCode.MISSING_TEAM,
          teams.isEmpty() ? "Name the team of the new room." : "Name the team of the new room: you belong to " + String.join(", ", teams) + ".",
          "Send team (or organizationId) with one of your teams.");
    }
    TenantId tenant = request.organizationId().map(t -> TenantId.parse(t, "team"))
        .orElse(principal.tokenTenant().orElse(TenantId.DEFAULT));
    require(access.decide(caller, Action.CREATE_ROOM, RoomTarget.missing(request.id(), tenant)));
    Map<String, List<String>> users = new LinkedHashMap<>(request.usersAccesses());
    users.put(principal.userId(), List.of("*:write"));
    Limits.requireAccessEntriesWithCreator(users.size(), "usersAccesses");
    // Charged to the room's tenant once the creation is allowed: a refused one spends nothing.
    quotas.charge(Set.of(tenant), RateLimits.Bucket.CLIENT_ROOM_CREATES);
    NewRoom owned = new NewRoom(request.id(), request.defaultAccesses() == null ? List.of() : request.defaultAccesses(),
        request.groupsAccesses(), users, request.metadata(), Optional.of(tenant.value()));
    return rooms.createOwned(owned, principal.userId());
  }

  /** A room as a client update returns it: in full only to a caller who may read the room afterwards. */
  public record Updated(Room room, boolean readable) {}

  /**
   * Changes a room: metadata needs the update right, accesses the update-members right. A role may
   * manage a room it cannot read, but never opens it to its holder: a patch that would give a
   * caller read access they did not have is refused, and such a caller gets no contents back. The
   * id is checked first, as on the server routes: an id no room can have is a 422, not a lookup.
   *
   * @throws InvalidInputException {@code EMPTY_UPDATE} for a patch that changes nothing (before any read)
   */
  public Updated update(Caller caller, String roomId, RoomPatch patch) {
    Limits.requireRoomId(roomId, "roomId");
    if (patch.isEmpty()) {
      throw new InvalidInputException(ErrorCode.EMPTY_UPDATE, "body",
          "The update changes nothing: set at least one of defaultAccesses, groupsAccesses, usersAccesses, metadata.",
          "Send only the fields to change.");
    }
    boolean members = patch.defaultAccesses().isPresent() || !patch.groupsAccesses().isEmpty() || !patch.usersAccesses().isEmpty();
    boolean metadata = !patch.metadata().isEmpty();
    Principal principal = caller.principal();
    found(roomId);
    AtomicBoolean readable = new AtomicBoolean();
    // The rights are decided on the room as read, before the patch meets it: applying a patch can
    // fail on what the room holds (its tenant, full entries), which a refused caller must not learn.
    Room updated = rooms.update(roomId, patch, before -> {
      if (metadata) {
        require(access.decide(caller, Action.UPDATE_ROOM, before.facts()));
      }
      if (members) {
        require(access.decide(caller, Action.UPDATE_ROOM_MEMBERS, before.facts()));
      }
    }, (before, after) -> {
      boolean couldRead = mayRead(caller, before);
      boolean canRead = mayRead(caller, after);
      if (canRead && !couldRead) {
        throw new ForbiddenException(ErrorCode.ROOM_ACCESS_DENIED,
            "Not allowed (ROLE): a role manages a room but never opens it to its holder.",
            "Ask someone with access to the room to give you an entry.");
      }
      readable.set(canRead);
    });
    return new Updated(updated, readable.get());
  }

  private boolean mayRead(Caller caller, Room room) {
    return access.allows(caller, Action.READ_ROOM, room.facts());
  }

  /**
   * Deletes a room the caller may delete. The decision is made on the very room deleted: if the id
   * was deleted and taken again (by another tenant, say) in between, that room is decided anew.
   */
  public void delete(Caller caller, String roomId) {
    Limits.requireRoomId(roomId, "roomId");
    AtomicReference<Decision> decided = new AtomicReference<>();
    Optional<Room> deleted = repository.deleteIf(roomId, room -> {
      Decision decision = access.decide(caller, Action.DELETE_ROOM, room.facts());
      decided.set(decision);
      return decision.allowed();
    });
    if (deleted.isEmpty()) {
      if (decided.get() == null) {
        throw notFound(roomId);
      }
      require(decided.get()); // refused; an allowed room that vanished meanwhile is gone, as asked
    }
  }

  private Room found(String roomId) {
    return repository.find(roomId).orElseThrow(() -> notFound(roomId));
  }

  private static NotFoundException notFound(String roomId) {
    return new NotFoundException(ErrorCode.ROOM_NOT_FOUND, "Room \"" + roomId + "\" not found.", "Check the room id.");
  }

  private static void require(Decision decision) {
    if (!decision.allowed()) {
      RequestNotes.decision(decision.rule().name(), decision.reason());
      throw new ForbiddenException(ErrorCode.ROOM_ACCESS_DENIED, "Not allowed (" + decision.rule() + "): " + decision.reason() + ".",
          "Ask for an entry with *:write in the room, or act on rooms of your own teams.");
    }
  }
}
