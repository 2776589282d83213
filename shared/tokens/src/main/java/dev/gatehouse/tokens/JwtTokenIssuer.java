package dev.gatehouse.tokens;

import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.permissions.TokenKind;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Signs tokens with the newest private key of the key set, {@code kid} in the header. Each token
 * gets a fresh {@code jti}: the Liveblocks client refuses a token it has seen before. The project
 * id goes in both {@code pid} (what Gatehouse and the Liveblocks client read) and {@code aud}
 * (what generic JWT verifiers read); {@code iss} is the issuer URL given by {@link #withIssuer}.
 */
public final class JwtTokenIssuer implements TokenIssuer {
  private final Supplier<KeySet> keys;
  private final Clock clock;
  private final Duration lifetime;
  private final String projectId;
  private final String issuer;

  /** An issuer without an issuer URL: its tokens carry no {@code iss} until {@link #withIssuer} names one. */
  public JwtTokenIssuer(Supplier<KeySet> keys, Clock clock, Duration lifetime, String projectId) {
    this(keys, clock, lifetime, projectId, null);
  }

  /** @param issuer the {@code iss} of every token: the service's public base URL, without a trailing slash */
  public JwtTokenIssuer(Supplier<KeySet> keys, Clock clock, Duration lifetime, String projectId, String issuer) {
    this.keys = keys;
    this.clock = clock;
    this.lifetime = lifetime;
    this.projectId = projectId;
    this.issuer = issuer;
  }

  @Override
  public JwtTokenIssuer withIssuer(String issuerUrl) {
    return new JwtTokenIssuer(keys, clock, lifetime, projectId, issuerUrl);
  }

  @Override
  public IssuedToken issueIdToken(String userId, List<String> groupIds, Optional<TenantId> tenant, Map<String, Object> userInfo) {
    Map<String, Object> claims = base(TokenKind.ID, userId, tenant, userInfo);
    claims.put(Claims.GROUPS, List.copyOf(groupIds));
    return sign(claims);
  }

  @Override
  public IssuedToken issueAccessToken(String userId, AccessTokenPermissions permissions, Optional<TenantId> tenant, Map<String, Object> userInfo) {
    Map<String, Object> claims = base(TokenKind.ACCESS, userId, tenant, userInfo);
    claims.put(Claims.PERMISSIONS, permissions.toWire());
    return sign(claims);
  }

  private Map<String, Object> base(TokenKind kind, String userId, Optional<TenantId> tenant, Map<String, Object> userInfo) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put(Claims.KIND, kind.claim());
    claims.put(Claims.PROJECT, projectId);
    claims.put(Claims.USER, userId);
    tenant.ifPresent(t -> claims.put(Claims.TENANT, t.value()));
    if (userInfo != null && !userInfo.isEmpty()) {
      claims.put(Claims.USER_INFO, userInfo);
    }
    return claims;
  }

  private IssuedToken sign(Map<String, Object> claims) {
    SigningKey key = keys.get().signingKey()
        .orElseThrow(() -> new IllegalStateException("the key set has no private key to sign with"));
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    String jti = UUID.randomUUID().toString();
    JwtBuilder builder = Jwts.builder()
        .header().keyId(key.kid()).type("JWT").and()
        .claims(claims)
        .issuer(issuer)
        .audience().single(projectId)
        .id(jti)
        .issuedAt(Date.from(now))
        .claim(Claims.ISSUED_AT_MILLIS, now.toEpochMilli())
        .notBefore(Date.from(now))
        .expiration(Date.from(expires))
        .signWith(key.privateKey().get(), key.algorithm().jjwt());
    return new IssuedToken(builder.compact(), jti, expires);
  }
}
