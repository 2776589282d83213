package dev.gatehouse.service.keys;

import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Creates and rotates the signing keys. The private set goes to one store (read only by the
 * functions that sign), the public JWKS to another (read by verifiers and the JWKS route), so a
 * verifier never holds a private key.
 */
public final class SigningKeyManager {

  /** Where the key sets live (two Secrets Manager secrets in AWS). */
  public interface KeyStore {
    /** The stored private set, if any. */
    Optional<String> readSigningKeys();

    /** Writes the private set and the public JWKS. */
    void write(String signingKeys, String verificationKeys);
  }

  private final KeyStore store;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param retention how long a replaced key stays for verification: at least the token lifetime
   *     plus the clock skew, so that no live token loses its key
   */
  public SigningKeyManager(KeyStore store, Clock clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  /** Makes sure a signing key exists (at deploy time); returns the kid new tokens are signed with. */
  public String ensure(SigningAlgorithm algorithm) {
    Optional<KeySet> current = current();
    if (current.isPresent() && current.get().signingKey().isPresent()) {
      KeySet set = current.get();
      store.write(set.toStoredJson(), set.publicOnly().toJwks()); // re-publish the JWKS, idempotently
      return set.signingKey().get().kid();
    }
    KeySet fresh = KeySet.generate(algorithm, clock.instant());
    store.write(fresh.toStoredJson(), fresh.publicOnly().toJwks());
    return fresh.signingKey().orElseThrow().kid();
  }

  /** Puts a new key in front and drops keys past the retention; returns the new kid. */
  public String rotate(SigningAlgorithm algorithm) {
    KeySet next = current()
        .map(set -> set.rotate(algorithm, clock.instant(), retention))
        .orElseGet(() -> KeySet.generate(algorithm, clock.instant()));
    store.write(next.toStoredJson(), next.publicOnly().toJwks());
    return next.signingKey().orElseThrow().kid();
  }

  /** The key new tokens are signed with, if any: its kid and creation time tell its age. */
  public Optional<dev.gatehouse.tokens.SigningKey> signingKey() {
    return current().flatMap(KeySet::signingKey);
  }

  private Optional<KeySet> current() {
    return store.readSigningKeys().filter(s -> !s.isBlank()).flatMap(json -> {
      try {
        return Optional.of(KeySet.parse(json, clock.instant()));
      } catch (IllegalArgumentException empty) {
        return Optional.empty();
      }
    });
  }
}
