package dev.gatehouse.tokens;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.UnauthenticatedException;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.permissions.TokenKind;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SecurityException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Verifies tokens with jjwt. The parser is built once; the key is located by {@code kid} in the
 * current key set, and the header's {@code alg} must be that key's own algorithm (so neither
 * {@code none}, nor HS256 "signed" with a public key, nor any other swap gets through). jjwt's
 * exceptions stay inside this class: callers see {@code INVALID_TOKEN} with a reason.
 */
public final class JwtTokenVerifier implements TokenVerifier {
  /** Tokens longer than this are refused before parsing. */
  public static final int MAX_TOKEN_LENGTH = dev.gatehouse.permissions.Limits.TOKEN_MAX_LENGTH;

  private final Supplier<KeySet> keys;
  private final String projectId;
  private final Runnable onUnknownKey;
  private final JwtParser parser;

  /**
   * @param keys the current key set (public keys suffice)
   * @param clock the time used for {@code exp} and {@code nbf}
   * @param skew how far clocks may disagree
   * @param projectId the {@code pid} tokens must carry, and their {@code aud} when they have one
   * @param onUnknownKey called once before refusing an unknown {@code kid}, so a key set that may
   *     be stale (a key rotated in since it was loaded) can be reloaded
   */
  public JwtTokenVerifier(Supplier<KeySet> keys, Clock clock, Duration skew, String projectId, Runnable onUnknownKey) {
    this.keys = keys;
    this.projectId = projectId;
    this.onUnknownKey = onUnknownKey;
    this.parser = Jwts.parser()
        .keyLocator(new KidLocator())
        .clock(() -> Date.from(clock.instant()))
        .clockSkewSeconds(skew.toSeconds())
        .build();
  }

  @Override
  public VerifiedToken verify(String token) {
    if (token == null || token.isBlank()) {
      throw invalid("no token was given");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw invalid("the token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    io.jsonwebtoken.Jws<io.jsonwebtoken.Claims> jws;
    try {
      jws = parser.parseSignedClaims(token.trim());
    } catch (ExpiredJwtException e) {
      throw new UnauthenticatedException(ErrorCode.TOKEN_EXPIRED, "The token has expired.",
          "Get a new token from your authentication endpoint (identify-user or authorize-user).");
    } catch (PrematureJwtException e) {
      throw invalid("the token is not valid yet");
    } catch (SecurityException e) {
      throw invalid("the token's signature does not verify");
    } catch (UnsupportedJwtException e) {
      throw invalid("the token is not a signed token of a supported kind");
    } catch (MalformedJwtException e) {
      throw invalid("the token is malformed");
    } catch (UnauthenticatedException e) {
      throw e;
    } catch (JwtException | IllegalArgumentException e) {
      throw invalid("the token could not be verified");
    }
    return claims(jws.getPayload(), jws.getHeader().getKeyId());
  }

  private VerifiedToken claims(io.jsonwebtoken.Claims claims, String kid) {
    TokenKind kind = TokenKind.fromClaim(string(claims, Claims.KIND));
    if (kind == null) {
      throw invalid("the token's kind (k) is neither \"id\" nor \"acc\"");
    }
    if (!projectId.equals(claims.get(Claims.PROJECT))) {
      throw invalid("the token belongs to another project (pid)");
    }
    // Tokens minted before aud existed lack it; one that names an audience must name only us.
    if (claims.containsKey(Claims.AUDIENCE) && !Set.of(projectId).equals(audience(claims))) {
      throw invalid("the token is meant for another audience (aud)");
    }
    String userId = string(claims, Claims.USER);
    if (userId == null || userId.isEmpty()) {
      throw invalid("the token names no user (uid)");
    }
    Date issuedAt = claims.getIssuedAt();
    Date expiresAt = claims.getExpiration();
    if (issuedAt == null || expiresAt == null) {
      throw invalid("the token lacks iat or exp");
    }
    String tenant = string(claims, Claims.TENANT);
    Optional<TenantId> tenantId = Optional.ofNullable(tenant).map(TenantId::new);
    List<String> groups = List.of();
    AccessTokenPermissions permissions = AccessTokenPermissions.NONE;
    if (kind == TokenKind.ID) {
      groups = strings(claims.get(Claims.GROUPS), Claims.GROUPS, true);
    } else {
      permissions = permissions(claims.get(Claims.PERMISSIONS));
    }
    Object userInfo = claims.get(Claims.USER_INFO);
    if (userInfo != null && !(userInfo instanceof Map<?, ?>)) {
      throw invalid("the token's user info (ui) is not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> info = userInfo == null ? Map.of() : (Map<String, Object>) userInfo;
    return new VerifiedToken(kind, userId, groups, tenantId, permissions, info, claims.getId(),
        issuedAtPrecisely(claims, issuedAt.toInstant()), expiresAt.toInstant(), kid);
  }

  /**
   * {@code iatms} when it falls in {@code iat}'s second; otherwise {@code iat} itself, the start
   * of its second, which a revocation cutoff in that second then counts as before it (the safe side).
   */
  private static Instant issuedAtPrecisely(io.jsonwebtoken.Claims claims, Instant iat) {
    if (claims.get(Claims.ISSUED_AT_MILLIS) instanceof Number millis) {
      Instant precise = Instant.ofEpochMilli(millis.longValue());
      if (precise.getEpochSecond() == iat.getEpochSecond()) {
        return precise;
      }
    }
    return iat;
  }

  private static Set<String> audience(io.jsonwebtoken.Claims claims) {
    try {
      return claims.getAudience();
    } catch (RuntimeException notStrings) {
      throw invalid("the token's aud claim is neither a string nor a list of strings");
    }
  }

  private static String string(io.jsonwebtoken.Claims claims, String name) {
    Object value = claims.get(name);
    if (value != null && !(value instanceof String)) {
      throw invalid("the token's " + name + " claim is not a string");
    }
    return (String) value;
  }

  private static List<String> strings(Object value, String name, boolean optional) {
    if (value == null && optional) {
      return List.of();
    }
    if (!(value instanceof Collection<?> items)) {
      throw invalid("the token's " + name + " claim is not a list");
    }
    List<String> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw invalid("the token's " + name + " claim holds a non-string");
      }
      out.add(s);
    }
    return out;
  }

  private static AccessTokenPermissions permissions(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid("an access token needs its permissions (perms)");
    }
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String pattern)) {
        throw invalid("the token's perms has a non-string pattern");
      }
      raw.put(pattern, strings(entry.getValue(), Claims.PERMISSIONS, false));
    }
    try {
      return AccessTokenPermissions.parse(raw, Claims.PERMISSIONS);
    } catch (InvalidInputException e) {
      throw invalid("the token's perms are not valid: " + e.getMessage());
    }
  }

  private static UnauthenticatedException invalid(String reason) {
    return new UnauthenticatedException(ErrorCode.INVALID_TOKEN, "Invalid token: " + reason + ".",
        "Get a new token from your authentication endpoint (identify-user or authorize-user).");
  }

  /** Finds the key by kid and pins the algorithm to that key's own. */
  private final class KidLocator extends LocatorAdapter<Key> {
    @Override
    protected Key locate(JwsHeader header) {
      String kid = header.getKeyId();
      if (kid == null || kid.isBlank()) {
        throw invalid("the token has no key id (kid)");
      }
      Optional<SigningKey> key = keys.get().find(kid);
      if (key.isEmpty()) {
        onUnknownKey.run();
        key = keys.get().find(kid);
      }
      SigningKey found = key.orElseThrow(() -> invalid("the token's key id is not one of this service's keys"));
      if (!found.algorithm().joseName().equals(header.getAlgorithm())) {
        throw invalid("the token's algorithm is not its key's algorithm");
      }
      return found.publicKey();
    }

    @Override
    protected Key doLocate(Header header) {
      throw invalid("the token is not signed");
    }
  }
}
