package dev.gatehouse.store;

import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one access decision reads, in one request: the settings (for the project cutoff),
 * the user's status and record, tenants' cutoffs and the room. On DynamoDB that is one strongly
 * consistent BatchGetItem; only a room whose tenant is not known in advance costs a second
 * round trip, to read it (or its tenant's cutoff) in the tenant its room-id item names.
 */
public interface AccessReads {

  /**
   * What to read.
   *
   * @param userId whose status (and, with {@code withUser}, record) to read
   * @param withUser whether the user record (teams, role) is needed
   * @param withCutoffs whether the cutoffs are needed: the settings (the project's) and the tenants'
   * @param tenants the tenants whose cutoffs to read (and the room's, when the room is read whole in
   *     a tenant only its room-id item names)
   * @param room the room, if the decision is about one
   */
  record Request(String userId, boolean withUser, boolean withCutoffs, Set<TenantId> tenants, Optional<RoomRead> room) {
    public Request {
      Objects.requireNonNull(userId, "userId");
      tenants = Set.copyOf(tenants);
      if (!withCutoffs && !tenants.isEmpty()) {
        throw new IllegalArgumentException("tenants' cutoffs are read only with the cutoffs");
      }
    }

    /** The user's status and record only: what issuing a token and showing a user need. */
    public static Request user(String userId) {
      return new Request(userId, true, false, Set.of(), Optional.empty());
    }
  }

  /**
   * A room to read.
   *
   * @param roomId the room id
   * @param in the tenant to look in; empty to find the tenant that holds the id
   * @param wholeRoom whether the room itself is needed, or (when {@code in} is empty) only its tenant
   */
  record RoomRead(String roomId, Optional<TenantId> in, boolean wholeRoom) {
    public RoomRead {
      Objects.requireNonNull(roomId, "roomId");
      if (in.isPresent() && !wholeRoom) {
        throw new IllegalArgumentException("a room looked for in a known tenant is read whole");
      }
    }
  }

  /**
   * What was read.
   *
   * @param settings the settings, read strongly (when the cutoffs were asked for)
   * @param status the user's status
   * @param user the user record, when asked for and it exists
   * @param tenantCutoffs every tenant whose cutoff was read, with its cutoff if it has one
   * @param roomTenant the tenant the room was found in
   * @param room the room, when asked for whole and it exists there
   */
  record Snapshot(Optional<Settings> settings, UserStatus status, Optional<User> user, Map<TenantId, Optional<Instant>> tenantCutoffs,
      Optional<TenantId> roomTenant, Optional<Room> room) {
    public Snapshot {
      tenantCutoffs = Map.copyOf(tenantCutoffs);
    }
  }

  Snapshot read(Request request);

  /** The reads one after another, through the repositories: for stores where a read is not a network round trip. */
  static AccessReads sequential(RoomRepository rooms, UserRepository users, SettingsRepository settings,
      RevocationRepository revocations) {
    return request -> {
      Optional<Settings> current = request.withCutoffs() ? Optional.of(settings.get()) : Optional.empty();
      UserStatus status = revocations.userStatus(request.userId());
      Optional<User> user = request.withUser() ? users.find(request.userId()) : Optional.empty();
      Optional<TenantId> roomTenant = Optional.empty();
      Optional<Room> room = Optional.empty();
      if (request.room().isPresent()) {
        RoomRead read = request.room().get();
        if (read.in().isPresent()) {
          room = rooms.find(read.in().get(), read.roomId());
          roomTenant = room.map(Room::tenant);
        } else if (read.wholeRoom()) {
          room = rooms.find(read.roomId());
          roomTenant = room.map(Room::tenant);
        } else {
          roomTenant = rooms.tenantOf(read.roomId());
        }
      }
      Map<TenantId, Optional<Instant>> cutoffs = new LinkedHashMap<>();
      java.util.Set<TenantId> tenants = new java.util.LinkedHashSet<>(request.tenants());
      boolean roomReadWhereItsIdSays = request.room().filter(r -> r.in().isEmpty() && r.wholeRoom()).isPresent();
      if (request.withCutoffs() && roomReadWhereItsIdSays) {
        roomTenant.ifPresent(tenants::add);
      }
      for (TenantId tenant : tenants) {
        cutoffs.put(tenant, revocations.tenantCutoff(tenant));
      }
      return new Snapshot(current, status, user, cutoffs, roomTenant, room);
    };
  }
}
