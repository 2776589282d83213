package dev.gatehouse.service.tokens;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /v2/identify-user}.
 *
 * @param userId the user
 * @param groupIds the user's groups (may be empty)
 * @param organizationId the tenant to scope the token to ({@code tenantId} is its older name)
 * @param userInfo shown to other users in a room
 * @param userInfoJsonLength the size of {@code userInfo} as the request sent it
 */
public record IdentifyUser(String userId, List<String> groupIds, Optional<String> organizationId, Map<String, Object> userInfo,
    int userInfoJsonLength) {}
