package dev.gatehouse.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.errors.UnauthenticatedException;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.permissions.TokenKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KeyRotationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void bothAlgorithmsSignAndVerifyWithTheLiveblocksClaims(SigningAlgorithm algorithm) throws Exception {
    TokenFixtures f = new TokenFixtures(algorithm);
    IssuedToken issued = f.issuer.issueAccessToken("olivier@example.com",
        AccessTokenPermissions.parse(Map.of("Vu78Rt:product:*", List.of("*:write")), "p"),
        Optional.of(new TenantId("tenant123")), Map.of("name", "Olivier"));
    String[] parts = issued.token().split("\\.");
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertEquals(algorithm.joseName(), header.get("alg").asText());
    assertEquals(f.keys.get().keys().getFirst().kid(), header.get("kid").asText());
    assertEquals("acc", payload.get("k").asText());
    assertEquals(TokenFixtures.PROJECT, payload.get("pid").asText());
    assertEquals("olivier@example.com", payload.get("uid").asText());
    assertEquals("*:write", payload.get("perms").get("Vu78Rt:product:*").get(0).asText());
    assertEquals("Olivier", payload.get("ui").get("name").asText());
    assertEquals("tenant123", payload.get("oid").asText());
    assertEquals(issued.jti(), payload.get("jti").asText());
    assertEquals(3600, payload.get("exp").asLong() - payload.get("iat").asLong(), "one hour by default");

    VerifiedToken verified = f.verifier.verify(issued.token());
    assertEquals(TokenKind.ACCESS, verified.kind());
    assertEquals(Optional.of(new TenantId("tenant123")), verified.tenant());
  }

  @Test
  void everyTokenIsUnique() {
    TokenFixtures f = new TokenFixtures(SigningAlgorithm.ES256);
    String a = f.issuer.issueIdToken("u", List.of(), Optional.empty(), Map.of()).token();
    String b = f.issuer.issueIdToken("u", List.of(), Optional.empty(), Map.of()).token();
    assertFalse(a.equals(b), "the Liveblocks client refuses a token it has seen before");
  }

  @Test
  void rotationSignsWithTheNewestKeyAndOldTokensStillVerify() {
    TokenFixtures f = new TokenFixtures(SigningAlgorithm.ES256);
    String old = f.issuer.issueIdToken("u", List.of(), Optional.empty(), Map.of()).token();
    f.keys.set(f.keys.get().rotate(SigningAlgorithm.RS256, TokenFixtures.T0.plusSeconds(60), Duration.ofDays(2)));
    IssuedToken fresh = f.issuer.issueIdToken("u", List.of(), Optional.empty(), Map.of());
    assertEquals(f.keys.get().keys().getFirst().kid(), f.verifier.verify(fresh.token()).keyId());
    assertEquals(SigningAlgorithm.RS256, f.keys.get().signingKey().orElseThrow().algorithm());
    f.verifier.verify(old);
    // A key replaced longer ago than the retention goes away, and so do its tokens; the key
    // replaced now stays, however old it is, since it signed tokens until this moment.
    f.clock.set(TokenFixtures.T0.plus(Duration.ofDays(3)).minusSeconds(1));
    String lastOfTheOldKey = f.issuer.issueIdToken("u", List.of(), Optional.empty(), Map.of()).token();
    String replaced = f.keys.get().keys().getFirst().kid();
    f.keys.set(f.keys.get().rotate(SigningAlgorithm.ES256, TokenFixtures.T0.plus(Duration.ofDays(3)), Duration.ofDays(2)));
    assertEquals(2, f.keys.get().keys().size());
    assertEquals(replaced, f.keys.get().keys().get(1).kid());
    f.clock.set(TokenFixtures.T0.plus(Duration.ofDays(3)));
    assertEquals(replaced, f.verifier.verify(lastOfTheOldKey).keyId());
    assertThrows(UnauthenticatedException.class, () -> f.verifier.verify(old));
    // One retention after its replacement, that key goes too.
    f.keys.set(f.keys.get().rotate(SigningAlgorithm.ES256, TokenFixtures.T0.plus(Duration.ofDays(5)).plusSeconds(1), Duration.ofDays(2)));
    assertEquals(2, f.keys.get().keys().size());
    assertTrue(f.keys.get().find(replaced).isEmpty(), "replaced two days and a second ago");
  }

  @Test
  void anUnknownKidReloadsTheKeySetOnce() {
    AtomicReference<KeySet> signing = new AtomicReference<>(KeySet.generate(SigningAlgorithm.ES256, TokenFixtures.T0));
    AtomicReference<KeySet> stale = new AtomicReference<>(signing.get().publicOnly());
    AtomicInteger reloads = new AtomicInteger();
    Clock clock = Clock.fixed(TokenFixtures.T0, java.time.ZoneOffset.UTC);
    JwtTokenIssuer issuer = new JwtTokenIssuer(signing::get, clock, Duration.ofHours(1), "p");
    JwtTokenVerifier verifier = new JwtTokenVerifier(stale::get, clock, Duration.ofSeconds(30), "p", () -> {
      reloads.incrementAndGet();
      stale.set(signing.get().publicOnly());
    });
    signing.set(signing.get().rotate(SigningAlgorithm.ES256, TokenFixtures.T0, Duration.ofDays(1)));
    String token = issuer.issueIdToken("u", List.of(), Optional.empty(), Map.of()).token();
    assertEquals("u", verifier.verify(token).userId());
    assertEquals(1, reloads.get());
  }

  @Test
  void storedFormRoundTripsAndTheJwksHoldsNoPrivateKey() throws Exception {
    KeySet set = KeySet.generate(SigningAlgorithm.ES256, TokenFixtures.T0)
        .rotate(SigningAlgorithm.RS256, TokenFixtures.T0.plusSeconds(10), Duration.ofDays(30));
    KeySet parsed = KeySet.parse(set.toStoredJson(), Instant.EPOCH);
    assertEquals(set.keys().stream().map(SigningKey::kid).toList(), parsed.keys().stream().map(SigningKey::kid).toList());
    assertEquals(set.keys().stream().map(SigningKey::created).toList(), parsed.keys().stream().map(SigningKey::created).toList());
    assertTrue(parsed.signingKey().isPresent());

    JsonNode jwks = JSON.readTree(set.toJwks());
    assertEquals(2, jwks.get("keys").size());
    for (JsonNode jwk : jwks.get("keys")) {
      assertFalse(jwk.has("d") || jwk.has("p") || jwk.has("q") || jwk.has("dp"), "no private parameter in the JWKS");
      assertEquals("sig", jwk.get("use").asText());
      assertTrue(jwk.has("kid") && jwk.has("alg"));
    }
    KeySet publicOnly = KeySet.parse(set.toJwks(), TokenFixtures.T0);
    assertTrue(publicOnly.signingKey().isEmpty(), "a verifier's set cannot sign");

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> KeySet.parse("{\"keys\":[]}", TokenFixtures.T0));
    assertTrue(bad.getMessage().contains("signing key set"), bad.getMessage());
  }
}
