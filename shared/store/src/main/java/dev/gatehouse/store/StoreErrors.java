package dev.gatehouse.store;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;

/** The domain errors every backend raises alike, so a client sees one answer whatever the engine. */
public final class StoreErrors {
  private StoreErrors() {}

  /** {@code ROOM_ALREADY_EXISTS}: a room id is taken, in this tenant or another. */
  public static ConflictException roomExists(String roomId) {
    return new ConflictException(
        ErrorCode.ROOM_ALREADY_EXISTS,
        "The room \"" + roomId + "\" already exists.",
        "Use a different room ID, update the existing room, or create it with ?idempotent to get the existing room.");
  }

  /** {@code GROUP_ALREADY_EXISTS}: a group id is taken, in this tenant or another (ids are unique in the project). */
  public static ConflictException groupExists(String groupId) {
    return new ConflictException(
        ErrorCode.GROUP_ALREADY_EXISTS,
        "The group \"" + groupId + "\" already exists.",
        "Use a different group ID, or add members to the existing group with POST /v2/groups/{groupId}/add-members.");
  }
}
