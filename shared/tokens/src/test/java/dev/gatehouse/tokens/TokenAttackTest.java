package dev.gatehouse.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.UnauthenticatedException;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Every way a token must not get through. Each case must be rejected, with a reason. */
class TokenAttackTest {
  private final TokenFixtures f = new TokenFixtures(SigningAlgorithm.ES256);
  private final SigningKey key = f.keys.get().signingKey().orElseThrow();

  private String validIdToken() {
    return f.issuer.issueIdToken("alice", List.of("eng"), Optional.empty(), Map.of()).token();
  }

  private void rejected(String token, String reason) {
    UnauthenticatedException e = assertThrows(UnauthenticatedException.class, () -> f.verifier.verify(token));
    assertEquals("INVALID_TOKEN", e.code());
    assertTrue(e.getMessage().contains(reason), () -> e.getMessage() + " lacks " + reason);
    assertFalse(e.getMessage().contains(token.length() > 20 ? token.substring(0, 20) : "\u0000"), "never echo the token");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private String payload(Map<String, Object> overrides) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("k", "id");
    claims.put("pid", TokenFixtures.PROJECT);
    claims.put("uid", "mallory");
    claims.put("gids", List.of());
    claims.put("iat", TokenFixtures.T0.getEpochSecond());
    claims.put("exp", TokenFixtures.T0.getEpochSecond() + 3600);
    claims.putAll(overrides);
    StringBuilder json = new StringBuilder("{");
    claims.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
        .append(v instanceof String s ? "\"" + s + "\"" : v instanceof List<?> l ? l.isEmpty() ? "[]" : "[\"" + l.get(0) + "\"]" : v));
    return b64(json.append('}').toString());
  }

  /** Signs with the service's real key but lets the test choose the claims. */
  private String signedWith(Map<String, Object> claims) {
    return Jwts.builder().header().keyId(key.kid()).and().claims(claims)
        .issuedAt(Date.from(TokenFixtures.T0)).expiration(Date.from(TokenFixtures.T0.plusSeconds(3600)))
        .signWith(key.privateKey().orElseThrow(), key.algorithm().jjwt()).compact();
  }

  @Test
  void theValidTokenVerifies() {
    VerifiedToken token = f.verifier.verify(validIdToken());
    assertEquals("alice", token.userId());
    assertEquals(List.of("eng"), token.groupIds());
    assertEquals(key.kid(), token.keyId());
  }

  @Test
  void algNone() {
    rejected(b64("{\"alg\":\"none\",\"kid\":\"" + key.kid() + "\"}") + "." + payload(Map.of()) + ".", "not a signed token");
    rejected(b64("{\"alg\":\"none\"}") + "." + payload(Map.of()) + ".", "not a signed token");
  }

  @Test
  void hs256SignedWithThePublicKey() throws Exception {
    String signingInput = b64("{\"alg\":\"HS256\",\"kid\":\"" + key.kid() + "\",\"typ\":\"JWT\"}") + "." + payload(Map.of());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.publicKey().getEncoded(), "HmacSHA256"));
    String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    rejected(signingInput + "." + signature, "algorithm is not its key's algorithm");
  }

  @Test
  void unknownKid() {
    KeyPair other = SigningAlgorithm.ES256.generateKeyPair();
    String token = Jwts.builder().header().keyId("gh-unknown").and().claims(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x"))
        .issuedAt(Date.from(TokenFixtures.T0)).expiration(Date.from(TokenFixtures.T0.plusSeconds(60)))
        .signWith(other.getPrivate(), Jwts.SIG.ES256).compact();
    rejected(token, "key id is not one of this service's keys");
  }

  @Test
  void missingKid() {
    String token = Jwts.builder().claims(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x"))
        .issuedAt(Date.from(TokenFixtures.T0)).expiration(Date.from(TokenFixtures.T0.plusSeconds(60)))
        .signWith(key.privateKey().orElseThrow(), Jwts.SIG.ES256).compact();
    rejected(token, "no key id");
  }

  @Test
  void aForeignKeyUnderOurKid() {
    KeyPair forged = SigningAlgorithm.ES256.generateKeyPair();
    String token = Jwts.builder().header().keyId(key.kid()).and().claims(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x"))
        .issuedAt(Date.from(TokenFixtures.T0)).expiration(Date.from(TokenFixtures.T0.plusSeconds(60)))
        .signWith(forged.getPrivate(), Jwts.SIG.ES256).compact();
    rejected(token, "signature does not verify");
  }

  @Test
  void expiredBeyondTheSkew() {
    String token = validIdToken();
    f.clock.set(TokenFixtures.T0.plus(Duration.ofHours(1)).plusSeconds(20));
    f.verifier.verify(token); // inside the 30 s skew
    f.clock.set(TokenFixtures.T0.plus(Duration.ofHours(1)).plusSeconds(31));
    // Its own code, so that a client can tell "get a new token" from "this token was never good".
    UnauthenticatedException e = assertThrows(UnauthenticatedException.class, () -> f.verifier.verify(token));
    assertEquals("TOKEN_EXPIRED", e.code());
    assertTrue(e.getMessage().contains("has expired"), e.getMessage());
  }

  @Test
  void notValidYet() {
    f.clock.set(TokenFixtures.T0.plusSeconds(600));
    String fromTheFuture = validIdToken();
    f.clock.set(TokenFixtures.T0);
    rejected(fromTheFuture, "not valid yet");
  }

  @Test
  void tamperedPayload() {
    String[] parts = validIdToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"alice\"", "\"admin\"");
    rejected(parts[0] + "." + b64(payload) + "." + parts[2], "signature does not verify");
  }

  @Test
  void tamperedSignature() {
    String token = validIdToken();
    char last = token.charAt(token.length() - 5);
    String flipped = token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);
    rejected(flipped, "signature does not verify");
  }

  @Test
  void truncated() {
    String token = validIdToken();
    rejected(token.substring(0, token.lastIndexOf('.')), "");
    rejected(token.substring(0, token.length() / 2), "");
    rejected("not-a-token", "malformed");
  }

  @Test
  void oversized() {
    rejected(validIdToken() + "A".repeat(JwtTokenVerifier.MAX_TOKEN_LENGTH), "longer than 8192 characters");
  }

  @Test
  void wrongKind() {
    rejected(signedWith(Map.of("k", "sec", "pid", TokenFixtures.PROJECT, "uid", "x")), "kind (k) is neither");
    rejected(signedWith(Map.of("pid", TokenFixtures.PROJECT, "uid", "x")), "kind (k) is neither");
  }

  @Test
  void wrongProjectOrShape() {
    rejected(signedWith(Map.of("k", "id", "pid", "another-deployment", "uid", "x")), "another project");
    rejected(signedWith(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "")), "names no user");
    rejected(signedWith(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x", "gids", "eng")), "gids claim is not a list");
    rejected(signedWith(Map.of("k", "acc", "pid", TokenFixtures.PROJECT, "uid", "x")), "needs its permissions");
    rejected(signedWith(Map.of("k", "acc", "pid", TokenFixtures.PROJECT, "uid", "x", "perms", Map.of("r", List.of("*:admin")))),
        "perms are not valid");
  }

  @Test
  void anotherAudience() {
    rejected(signedWith(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x", "aud", "another-deployment")), "another audience");
    rejected(signedWith(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x", "aud", List.of(TokenFixtures.PROJECT, "another"))),
        "another audience");
  }

  @Test
  void tokensNameTheirIssuerAndTheProjectAsAudience() {
    String token = f.issuer.withIssuer("https://auth.example.com").issueIdToken("alice", List.of(), Optional.empty(), Map.of()).token();
    io.jsonwebtoken.Claims claims = Jwts.parser().verifyWith(key.publicKey()).clock(() -> Date.from(TokenFixtures.T0)).build()
        .parseSignedClaims(token).getPayload();
    assertEquals("https://auth.example.com", claims.getIssuer());
    assertEquals(java.util.Set.of(TokenFixtures.PROJECT), claims.getAudience());
    assertEquals("alice", f.verifier.verify(token).userId());
  }

  @Test
  void aTokenFromBeforeAudienceExistedStillVerifies() {
    assertEquals("x", f.verifier.verify(signedWith(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x"))).userId());
  }

  @Test
  void anAlgorithmSwapBetweenOurOwnKeys() {
    // A set with an EC key and an RSA key: a token naming the EC kid but signed RS256 is refused.
    SigningKey rsa = KeySet.newKey(SigningAlgorithm.RS256, TokenFixtures.T0);
    f.keys.set(KeySet.of(List.of(key, rsa)));
    String token = Jwts.builder().header().keyId(key.kid()).and().claims(Map.of("k", "id", "pid", TokenFixtures.PROJECT, "uid", "x"))
        .issuedAt(Date.from(TokenFixtures.T0)).expiration(Date.from(TokenFixtures.T0.plusSeconds(60)))
        .signWith(rsa.privateKey().orElseThrow(), Jwts.SIG.RS256).compact();
    rejected(token, "algorithm is not its key's algorithm");
  }
}
