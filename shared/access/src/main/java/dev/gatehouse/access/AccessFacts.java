package dev.gatehouse.access;

import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a room-access decision reads beyond the token: the room (or which tenant holds its id),
 * the caller's teams and role, the revocation cutoffs, and the multi-tenant switch. Gatehouse
 * answers {@link #read} from its store in one request; an embedding realtime server gives
 * {@link ConnectionCheck} its own lookups, which the default {@link #read} calls one by one.
 */
public interface AccessFacts extends ConnectionCheck.Rooms {
  /** A user's teams and roles; a user without a record has none ({@link Membership#NONE}). */
  Membership membership(String userId);

  /** The current multi-tenant switch (Gatehouse's store: from the settings' 5-s cache). */
  MultiTenantMode mode();

  /**
   * The switch to plan a check's read by, without a read of its own where the read brings the
   * current one ({@link Facts#mode}); a check whose plan proves wrong reads again.
   */
  default MultiTenantMode plannedMode() {
    return mode();
  }

  /** The cutoffs that can apply to the user's tokens in these tenants; none unless a source gives them. */
  default Revocation revocation(String userId, Set<TenantId> tenants) {
    return Revocation.NONE;
  }

  /**
   * The groups of {@code tenant} that list the user as a stored member (Liveblocks' groups API),
   * read strongly when a decision needs them: a room in reach whose {@code groupsAccesses} name
   * groups the token does not carry. None unless a source gives them.
   */
  default Set<String> storedGroups(String userId, TenantId tenant) {
    return Set.of();
  }

  /**
   * The rooms that exist where they are looked for, each id in its tenant: a bulk check's one read
   * of its rooms (Gatehouse's store: one BatchGetItem). This default asks {@link #find} one by one.
   */
  default java.util.Map<String, RoomFacts> findAll(java.util.Map<String, TenantId> where) {
    java.util.Map<String, RoomFacts> found = new java.util.LinkedHashMap<>();
    where.forEach((roomId, tenant) -> find(tenant, roomId).ifPresent(room -> found.put(roomId, room)));
    return found;
  }

  /** The tenant that holds each of these room ids that exists. This default asks {@link #tenantOf} one by one. */
  default java.util.Map<String, TenantId> tenantsOf(java.util.Collection<String> roomIds) {
    java.util.Map<String, TenantId> found = new java.util.LinkedHashMap<>();
    for (String roomId : roomIds) {
      tenantOf(roomId).ifPresent(tenant -> found.put(roomId, tenant));
    }
    return found;
  }

  /**
   * What to read for one decision.
   *
   * @param userId the caller
   * @param membership whether the caller's teams and role are needed (multi-tenant mode)
   * @param cutoffs whether the revocation cutoffs are needed (a token is checked), or only whether
   *     the user is deactivated (a token is to be issued)
   * @param tenants the tenants whose cutoffs are needed (the token's); the room's is added when found
   * @param room the room, if the decision is about one
   */
  record Read(String userId, boolean membership, boolean cutoffs, Set<TenantId> tenants, Optional<RoomLookup> room) {
    public Read {
      Objects.requireNonNull(userId, "userId");
      tenants = Set.copyOf(tenants);
    }
  }

  /**
   * @param roomId the room
   * @param in the tenant to look in; empty to find the tenant that holds the id
   * @param wholeRoom whether the room is needed, or only its tenant (access tokens)
   */
  record RoomLookup(String roomId, Optional<TenantId> in, boolean wholeRoom) {}

  /**
   * What was read.
   *
   * @param roomTenant the tenant the room was found in
   * @param room the room, when asked for whole and found
   * @param mode the multi-tenant switch as read with them, when it was
   */
  record Facts(Membership membership, Revocation revocation, Optional<TenantId> roomTenant, Optional<RoomFacts> room,
      Optional<MultiTenantMode> mode) {}

  /** Reads what {@code read} names. This default asks the lookups one by one. */
  default Facts read(Read read) {
    Membership membership = read.membership() ? membership(read.userId()) : Membership.NONE;
    Optional<TenantId> roomTenant = Optional.empty();
    Optional<RoomFacts> room = Optional.empty();
    if (read.room().isPresent()) {
      RoomLookup lookup = read.room().get();
      Optional<TenantId> in = lookup.in().isPresent() ? lookup.in() : tenantOf(lookup.roomId());
      if (lookup.wholeRoom() && in.isPresent()) {
        room = find(in.get(), lookup.roomId());
        roomTenant = room.map(RoomFacts::tenant);
      } else if (lookup.in().isEmpty()) {
        roomTenant = in;
      }
    }
    Set<TenantId> tenants = new LinkedHashSet<>(read.tenants());
    roomTenant.ifPresent(tenants::add);
    return new Facts(membership, revocation(read.userId(), tenants), roomTenant, room, Optional.empty());
  }
}
