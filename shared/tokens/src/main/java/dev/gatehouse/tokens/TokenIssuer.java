package dev.gatehouse.tokens;

import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mints tokens. Inputs are already validated against the permission module's rules. */
public interface TokenIssuer {

  /** An ID token: who the user is; the room's accesses decide at check time. */
  IssuedToken issueIdToken(String userId, List<String> groupIds, Optional<TenantId> tenant, Map<String, Object> userInfo);

  /** An access token: the permissions travel in the token. */
  IssuedToken issueAccessToken(String userId, AccessTokenPermissions permissions, Optional<TenantId> tenant, Map<String, Object> userInfo);

  /**
   * The same issuer, stamping {@code iss} with this URL: the base URL the service is reached at,
   * whose {@code /.well-known/openid-configuration} names the keys.
   */
  TokenIssuer withIssuer(String issuerUrl);
}
