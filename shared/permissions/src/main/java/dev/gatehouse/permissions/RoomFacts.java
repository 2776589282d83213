package dev.gatehouse.permissions;

import java.util.Objects;
import java.util.Optional;

/**
 * What a decision needs to know about an existing room.
 *
 * @param roomId the room's id
 * @param tenant the room's tenant, fixed at creation
 * @param accesses the room's permissions
 * @param createdBy the user who created it client-side, if any (the owner)
 */
public record RoomFacts(String roomId, TenantId tenant, RoomAccesses accesses, Optional<String> createdBy) {
  public RoomFacts {
    Objects.requireNonNull(roomId, "roomId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(accesses, "accesses");
    Objects.requireNonNull(createdBy, "createdBy");
  }

  /** True when the user created this room. */
  public boolean isOwnedBy(String userId) {
    return createdBy.map(userId::equals).orElse(false);
  }
}
