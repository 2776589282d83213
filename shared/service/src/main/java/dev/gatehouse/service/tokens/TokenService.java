package dev.gatehouse.service.tokens;

import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.ConnectionCheck;
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
  private final AccessCheck access;

  public TokenService(TokenIssuer issuer, AccessCheck access) {
    this.issuer = issuer;
    this.access = access;
  }

  /**
   * An ID token for the user and their groups, scoped to a tenant if one is named.
   *
   * @param issuerUrl the {@code iss}: the URL the service was reached at (see the discovery document)
   */
  public IssuedToken identifyUser(IdentifyUser request, String issuerUrl) {
    return identifyUser(request, issuer.withIssuer(issuerUrl));
  }

  /** An access token carrying the permissions, scoped to a tenant if one is named, with this {@code iss}. */
  public IssuedToken authorizeUser(AuthorizeUser request, String issuerUrl) {
    return authorizeUser(request, issuer.withIssuer(issuerUrl));
  }

  /** As {@link #identifyUser(IdentifyUser, String)}, with the configured issuer's {@code iss} if there is one. */
  public IssuedToken identifyUser(IdentifyUser request) {
    return identifyUser(request, issuer);
  }

  /** As {@link #authorizeUser(AuthorizeUser, String)}, with the configured issuer's {@code iss} if there is one. */
  public IssuedToken authorizeUser(AuthorizeUser request) {
    return authorizeUser(request, issuer);
  }

  private IssuedToken identifyUser(IdentifyUser request, TokenIssuer signer) {
    Limits.requireUserId(request.userId(), "userId");
    List<String> groups = request.groupIds() == null ? List.of() : request.groupIds();
    Limits.requireGroupIds(groups, "groupIds");
    Optional<TenantId> tenant = noted(request.userId(), tenant(request.organizationId()));
    Limits.requireUserInfoLength(request.userInfoJsonLength(), "userInfo");
    access.requireMayIssue(request.userId(), tenant);
    IssuedToken issued = fits(signer.issueIdToken(request.userId(), groups, tenant, request.userInfo()), "groupIds or userInfo");
    RequestNotes.count(Metric.ID_TOKENS_ISSUED);
    return issued;
  }

  private IssuedToken authorizeUser(AuthorizeUser request, TokenIssuer signer) {
    Limits.requireUserId(request.userId(), "userId");
    AccessTokenPermissions permissions = AccessTokenPermissions.parse(request.permissions(), "permissions");
    Optional<TenantId> tenant = noted(request.userId(), tenant(request.organizationId()));
    Limits.requireUserInfoLength(request.userInfoJsonLength(), "userInfo");
    access.requireMayIssue(request.userId(), tenant);
    IssuedToken issued = fits(signer.issueAccessToken(request.userId(), permissions, tenant, request.userInfo()),
        "permissions or userInfo");
    RequestNotes.count(Metric.ACCESS_TOKENS_ISSUED);
    return issued;
  }

  /**
   * Checks whether a token may enter a room.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN} for a bad token
   * @throws ForbiddenException {@code ROOM_ACCESS_DENIED} with the deciding rule
   */
  public ConnectionCheck.Result authorizeConnection(String token, String roomId) {
    Limits.requireRoomId(roomId, "roomId");
    ConnectionCheck.Result result = access.connect(token, roomId);
    if (!result.decision().allowed()) {
      throw new ForbiddenException(ErrorCode.ROOM_ACCESS_DENIED,
          "Access to room \"" + roomId + "\" denied (" + result.decision().rule() + "): " + result.decision().reason() + ".",
          "Give the user an entry in the room's accesses, or issue a token whose patterns and tenant cover the room.");
    }
    return result;
  }

  /** The most rooms one bulk check may ask about: one BatchGetItem holds 100 keys. */
  public static final int BULK_ROOMS_MAX = 100;

  /**
   * {@code authorize-connection} for up to {@value #BULK_ROOMS_MAX} rooms, in the order asked.
   *
   * @throws dev.gatehouse.errors.InvalidInputException {@code INVALID_ROOM_ID} for an empty list,
   *     too many rooms or an invalid id, before anything is read
   */
  public java.util.List<ConnectionCheck.Outcome> authorizeConnections(String token, java.util.List<String> roomIds) {
    if (roomIds.isEmpty() || roomIds.size() > BULK_ROOMS_MAX) {
      throw new dev.gatehouse.errors.InvalidInputException(ErrorCode.INVALID_ROOM_ID, "roomIds",
          "roomIds has " + roomIds.size() + " rooms; send 1 to " + BULK_ROOMS_MAX,
          "Check at most " + BULK_ROOMS_MAX + " rooms per request; split a longer list.");
    }
    for (int i = 0; i < roomIds.size(); i++) {
      Limits.requireRoomId(roomIds.get(i), "roomIds[" + i + "]");
    }
    return access.connectAll(token, roomIds);
  }

  /**
   * {@code POST /v2/explain}: why this user, with these groups and tenant, may or may not enter
   * this room, as {@link AccessCheck#explain} says. Validated as {@code identify-user} validates
   * the same fields; nothing is written.
   *
   * @throws dev.gatehouse.errors.InvalidInputException naming the field, before anything is read
   */
  public AccessCheck.Explained explain(String userId, List<String> groupIds, Optional<String> organizationId, String roomId) {
    Limits.requireUserId(userId, "userId");
    List<String> groups = groupIds == null ? List.of() : groupIds;
    Limits.requireGroupIds(groups, "groupIds");
    Optional<TenantId> tenant = tenant(organizationId);
    Limits.requireRoomId(roomId, "roomId");
    return access.explain(userId, groups, tenant, roomId);
  }

  /** A token no verifier would accept is refused here, not at the door (422 TOKEN_TOO_LARGE). */
  private static IssuedToken fits(IssuedToken issued, String fields) {
    Limits.requireTokenLength(issued.token(), fields);
    return issued;
  }

  /** The user and tenant a token is issued for, noted for the request's access line. */
  private static Optional<TenantId> noted(String userId, Optional<TenantId> tenant) {
    RequestNotes.user(userId);
    tenant.ifPresent(t -> RequestNotes.tenant(t.value()));
    return tenant;
  }

  private static Optional<TenantId> tenant(Optional<String> organizationId) {
    return organizationId.map(t -> TenantId.parse(t, "organizationId"));
  }
}
