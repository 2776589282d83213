package dev.gatehouse.permissions;

import java.util.Objects;
import java.util.Optional;

/**
 * The room a decision is about: one that exists, or one that does not (yet).
 *
 * @param roomId the room's id
 * @param tenant the room's tenant; for a room that does not exist, the tenant it would be created in
 * @param existing the room, when it exists
 */
public record RoomTarget(String roomId, TenantId tenant, Optional<RoomFacts> existing) {
  public RoomTarget {
    Objects.requireNonNull(roomId, "roomId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(existing, "existing");
  }

  /** An existing room. */
  public static RoomTarget of(RoomFacts room) {
    return new RoomTarget(room.roomId(), room.tenant(), Optional.of(room));
  }

  /** A room that does not exist; {@code tenant} is where it would be created. */
  public static RoomTarget missing(String roomId, TenantId tenant) {
    return new RoomTarget(roomId, tenant, Optional.empty());
  }
}
