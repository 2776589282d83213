package dev.gatehouse.store;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.permissions.TenantId;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Rooms, in domain terms. Every method either answers or throws: a storage failure is a {@link
 * StorageException}, never an empty result.
 */
public interface RoomRepository {

  /** The room with this id, in whatever tenant it is. */
  Optional<Room> find(String roomId);

  /** The room with this id if it belongs to {@code tenant}; empty if it is missing or elsewhere. */
  Optional<Room> find(TenantId tenant, String roomId);

  /** The tenant of the room with this id, if it exists. */
  Optional<TenantId> tenantOf(String roomId);

  /**
   * The rooms that exist where they are looked for: each id in its tenant (at most 100 ids). On
   * DynamoDB one strongly consistent BatchGetItem; this default reads them one by one, for stores
   * where a read is no network round trip.
   */
  default java.util.Map<String, Room> findAll(java.util.Map<String, TenantId> where) {
    java.util.Map<String, Room> found = new java.util.LinkedHashMap<>();
    where.forEach((roomId, tenant) -> find(tenant, roomId).ifPresent(room -> found.put(roomId, room)));
    return found;
  }

  /** The tenant of each of these room ids that exists (at most 100 ids); one BatchGetItem on DynamoDB. */
  default java.util.Map<String, TenantId> tenantsOf(java.util.Collection<String> roomIds) {
    java.util.Map<String, TenantId> found = new java.util.LinkedHashMap<>();
    for (String roomId : roomIds) {
      tenantOf(roomId).ifPresent(tenant -> found.put(roomId, tenant));
    }
    return found;
  }

  /**
   * Stores a new room atomically; its id must be free in every tenant.
   *
   * @return the stored room (version 1)
   * @throws ConflictException {@code ROOM_ALREADY_EXISTS} when the id is taken
   */
  Room create(Room room);

  /**
   * Applies {@code change} to the current room and stores the result atomically. On a concurrent
   * write the room is read again and {@code change} applied again, so concurrent updates of
   * different entries all survive. {@code change} may throw to reject the update; nothing is
   * written then.
   *
   * @return the stored room, or empty when there is no room with this id
   * @throws ConflictException {@code CONCURRENT_UPDATE} when contention outlasts every retry
   */
  Optional<Room> update(String roomId, UnaryOperator<Room> change);

  /**
   * Moves the room to {@code newRoomId} atomically ({@link Room#renamed}), with its access index
   * and a {@code roomIdUpdated} change: afterwards the old id is free and finds nothing. Of
   * concurrent renames of one room, one wins; the others find the old id gone.
   *
   * @return the renamed room, or empty when there is no room with {@code roomId}
   * @throws ConflictException {@code ROOM_ALREADY_EXISTS} when {@code newRoomId} is taken in any tenant
   */
  Optional<Room> rename(String roomId, String newRoomId);

  /**
   * Deletes the room.
   *
   * @return the deleted room, or empty when there was none
   */
  default Optional<Room> delete(String roomId) {
    return deleteIf(roomId, room -> true);
  }

  /**
   * Deletes the room if {@code condition} holds for it. The condition is tested on the very
   * incarnation and version that is deleted: if the room changes, or its id is deleted and taken
   * again, before the delete lands, it is read and tested again. So a decision made about one
   * room never deletes another room of the same id.
   *
   * @return the deleted room; empty when there was none, or the condition did not hold
   */
  Optional<Room> deleteIf(String roomId, java.util.function.Predicate<Room> condition);

  /** Up to {@code limit} room ids of a tenant (by id): tenant offboarding works through them. One Query. */
  java.util.List<String> roomIdsOf(TenantId tenant, int limit);

  /** A page of rooms, newest first; see {@link RoomListing}. */
  RoomPage list(RoomListing listing);
}
