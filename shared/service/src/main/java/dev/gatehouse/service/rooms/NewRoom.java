package dev.gatehouse.service.rooms;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room to create, as a request gives it (not yet validated).
 *
 * @param id the room id
 * @param defaultAccesses the default permissions; {@code null} when the request left them out
 * @param groupsAccesses group entries; empty when absent
 * @param usersAccesses user entries; empty when absent
 * @param metadata string or list-of-string values; empty when absent
 * @param organizationId the tenant ({@code organizationId}, {@code tenantId} or {@code team})
 */
public record NewRoom(
    String id,
    List<String> defaultAccesses,
    Map<String, List<String>> groupsAccesses,
    Map<String, List<String>> usersAccesses,
    Map<String, Object> metadata,
    Optional<String> organizationId) {}
