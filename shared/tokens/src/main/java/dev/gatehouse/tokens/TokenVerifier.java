package dev.gatehouse.tokens;

import dev.gatehouse.errors.UnauthenticatedException;

/** Checks tokens. */
public interface TokenVerifier {

  /**
   * Verifies a token: size, signature by {@code kid} with the key's own algorithm, {@code
   * exp}/{@code nbf} with the configured skew, the project ({@code pid}, and {@code aud} when
   * present), and the shape of every claim.
   *
   * @throws UnauthenticatedException {@code INVALID_TOKEN} with the reason, never the token itself
   */
  VerifiedToken verify(String token);
}
