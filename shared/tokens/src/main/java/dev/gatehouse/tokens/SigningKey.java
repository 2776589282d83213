package dev.gatehouse.tokens;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of the set: its id ({@code kid}), algorithm, public key, and the private key where this
 * process signs (verifiers never hold it).
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, PublicKey publicKey, Optional<PrivateKey> privateKey, Instant created) {
  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(created, "created");
  }

  /** The same key without its private half. */
  public SigningKey publicOnly() {
    return new SigningKey(kid, algorithm, publicKey, Optional.empty(), created);
  }
}
