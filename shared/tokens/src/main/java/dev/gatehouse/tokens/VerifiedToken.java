package dev.gatehouse.tokens;

import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.permissions.TokenKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a verified token says.
 *
 * @param kind ID or access token
 * @param userId {@code uid}
 * @param groupIds {@code gids} (ID tokens; empty otherwise)
 * @param tenant {@code oid}, when the token names a tenant
 * @param permissions {@code perms} (access tokens; {@link AccessTokenPermissions#NONE} otherwise)
 * @param userInfo {@code ui}
 * @param jti the token id
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param keyId the {@code kid} it was signed with
 */
public record VerifiedToken(
    TokenKind kind,
    String userId,
    List<String> groupIds,
    Optional<TenantId> tenant,
    AccessTokenPermissions permissions,
    Map<String, Object> userInfo,
    String jti,
    Instant issuedAt,
    Instant expiresAt,
    String keyId) {

  /** The principal the permission module decides for (membership added later when needed). */
  public Principal principal() {
    return kind == TokenKind.ACCESS
        ? Principal.ofAccessToken(userId, permissions, tenant)
        : Principal.ofIdToken(userId, Set.copyOf(groupIds), tenant);
  }
}
