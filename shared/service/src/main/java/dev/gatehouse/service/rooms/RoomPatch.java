package dev.gatehouse.service.rooms;

import java.util.List;
import java.util.Optional;

/**
 * A partial update of a room, as {@code POST /v2/rooms/{roomId}} gives it.
 *
 * @param defaultAccesses the new default permissions, when given ({@code null} means {@code []})
 * @param groupsAccesses the change to group entries
 * @param usersAccesses the change to user entries
 * @param metadata the change to metadata
 * @param organizationId a tenant the request named; it must be the room's own (tenants never change)
 */
public record RoomPatch(
    Optional<List<String>> defaultAccesses,
    MapPatch<List<String>> groupsAccesses,
    MapPatch<List<String>> usersAccesses,
    MapPatch<Object> metadata,
    Optional<String> organizationId) {

  /** True when the patch changes nothing. */
  public boolean isEmpty() {
    return defaultAccesses.isEmpty() && groupsAccesses.isEmpty() && usersAccesses.isEmpty() && metadata.isEmpty();
  }
}
