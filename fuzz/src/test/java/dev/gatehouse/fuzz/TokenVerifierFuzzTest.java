package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.errors.UnauthenticatedException;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import dev.gatehouse.tokens.SigningKey;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The token verifier on attacker tokens: a raw string in the Authorization header, or (what only
 * a stolen key could make) any header and claims signed with the real key, so the claim checks
 * after the signature are reached too. Each is a verified token or a 401 {@code INVALID_TOKEN}.
 */
class TokenVerifierFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-22T21:44:48Z");
  private static final KeySet KEYS = KeySet.generate(SigningAlgorithm.ES256, NOW);
  private static final SigningKey KEY = KEYS.signingKey().orElseThrow();
  private static final JwtTokenVerifier VERIFIER = new JwtTokenVerifier(
      KEYS::publicOnly, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30), "fuzz-project", () -> {});

  @FuzzTest
  void rawToken(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    parseOrRefuse(() -> VERIFIER.verify(token), UnauthenticatedException.class);
  }

  /** {@code header.payload.signature} with a fuzzed header and payload, signed or not. */
  @FuzzTest
  void parts(FuzzedDataProvider data) {
    String header = data.consumeBoolean()
        ? "{\"alg\":\"ES256\",\"kid\":\"" + KEY.kid() + "\"" + data.consumeString(80) + "}"
        : data.consumeString(120);
    boolean sign = data.consumeBoolean();
    String payload = data.consumeRemainingAsString();
    String token;
    if (sign) {
      token = Jwts.builder().header().keyId(KEY.kid()).and().content(payload.getBytes(StandardCharsets.UTF_8))
          .signWith(KEY.privateKey().orElseThrow(), Jwts.SIG.ES256).compact();
    } else {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      token = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
          + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
    parseOrRefuse(() -> VERIFIER.verify(token), UnauthenticatedException.class);
  }
}
