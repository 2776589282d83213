package dev.gatehouse.service.tokens;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /v2/authorize-user}, what {@code prepareSession(...).authorize()} sends.
 *
 * @param permissions room pattern to permission list
 */
public record AuthorizeUser(String userId, Map<String, List<String>> permissions, Optional<String> organizationId,
    Map<String, Object> userInfo, int userInfoJsonLength) {}
