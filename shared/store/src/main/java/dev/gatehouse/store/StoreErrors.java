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
}
