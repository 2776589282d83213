package dev.gatehouse.service.tokens;

import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.ConnectionCheck;
import dev.gatehouse.tokens.IssuedToken;
import dev.gatehouse.tokens.TokenIssuer;
import java.util.List;
import java.util.Optional;

/**
 * Issues ID and access tokens, and checks a token against a room. Every input is validated with
 * the permission module first (each failure a 422 naming the field).
 */
public final class TokenService {
  private final TokenIssuer issuer;
  private final ConnectionCheck connections;

  public TokenService(TokenIssuer issuer, ConnectionCheck connections) {
    this.issuer = issuer;
    this.connections = connections;
  }

  /** An ID token for the user and their groups, scoped to a tenant if one is named. */
  public IssuedToken identifyUser(IdentifyUser request) {
    Limits.requireUserId(request.userId(), "userId");
    List<String> groups = request.groupIds() == null ? List.of() : request.groupIds();
    Limits.requireGroupIds(groups, "groupIds");
    Optional<TenantId> tenant = tenant(request.organizationId());
    Limits.requireUserInfoLength(request.userInfoJsonLength(), "userInfo");
    return issuer.issueIdToken(request.userId(), groups, tenant, request.userInfo());
  }

  /** An access token carrying the permissions, scoped to a tenant if one is named. */
  public IssuedToken authorizeUser(AuthorizeUser request) {
    Limits.requireUserId(request.userId(), "userId");
    AccessTokenPermissions permissions = AccessTokenPermissions.parse(request.permissions(), "permissions");
    Optional<TenantId> tenant = tenant(request.organizationId());
    Limits.requireUserInfoLength(request.userInfoJsonLength(), "userInfo");
    return issuer.issueAccessToken(request.userId(), permissions, tenant, request.userInfo());
  }

  /**
   * Checks whether a token may enter a room.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN} for a bad token
   * @throws ForbiddenException {@code ROOM_ACCESS_DENIED} with the deciding rule
   */
  public ConnectionCheck.Result authorizeConnection(String token, String roomId) {
    Limits.requireRoomId(roomId, "roomId");
    ConnectionCheck.Result result = connections.check(token, roomId);
    if (!result.decision().allowed()) {
      throw new ForbiddenException("ROOM_ACCESS_DENIED",
          "Access to room \"" + roomId + "\" denied (" + result.decision().rule() + "): " + result.decision().reason() + ".",
          "Give the user an entry in the room's accesses, or issue a token whose patterns and tenant cover the room.");
    }
    return result;
  }

  private static Optional<TenantId> tenant(Optional<String> organizationId) {
    return organizationId.map(t -> TenantId.parse(t, "organizationId"));
  }
}
