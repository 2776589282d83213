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
   * Deletes the room.
   *
   * @return the deleted room, or empty when there was none
   */
  Optional<Room> delete(String roomId);

  /** Up to {@code limit} room ids of a tenant (by id): tenant offboarding works through them. One Query. */
  java.util.List<String> roomIdsOf(TenantId tenant, int limit);

  /** A page of rooms, newest first; see {@link RoomListing}. */
  RoomPage list(RoomListing listing);
}
