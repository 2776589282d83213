package dev.gatehouse.service.rooms;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of {@code GET /v2/rooms}.
 *
 * @param limit 1 to 100, default 20
 * @param startingAfter the previous page's {@code nextCursor}
 * @param organizationId only rooms of this tenant
 * @param userId rooms where this user has an entry in usersAccesses
 * @param groupIds rooms where any of these groups has an entry in groupsAccesses (ORed with userId)
 * @param query a Liveblocks query-language filter
 * @param legacyMetadata the legacy {@code metadata.KEY=value} parameters, ANDed
 */
public record ListRooms(
    int limit,
    Optional<String> startingAfter,
    Optional<String> organizationId,
    Optional<String> userId,
    List<String> groupIds,
    Optional<String> query,
    Map<String, String> legacyMetadata) {}
