package dev.gatehouse.runtime.wiring;

import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.runtime.Refreshing;
import dev.gatehouse.service.keys.SigningKeyManager;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.util.List;
import java.util.function.Supplier;

/**
 * The keys: the project's secret keys (server routes), the private keys tokens are signed with,
 * the public keys they are verified with, and the manager that rotates them by kid. Those read
 * from Secrets Manager are {@link Refreshing}: reloaded after their time to live, and after a
 * restore.
 */
public final class KeyWiring {
  private final Supplier<SecretKeys> secretKeys;
  private final Supplier<KeySet> signingKeys;
  private final Supplier<KeySet> verificationKeys;
  private final Runnable reloadVerificationKeys;
  private final Supplier<SigningKeyManager> manager;
  private final SigningAlgorithm algorithm;

  public KeyWiring(Supplier<SecretKeys> secretKeys, Supplier<KeySet> signingKeys, Supplier<KeySet> verificationKeys,
      Runnable reloadVerificationKeys, Supplier<SigningKeyManager> manager, SigningAlgorithm algorithm) {
    this.secretKeys = secretKeys;
    this.signingKeys = signingKeys;
    this.verificationKeys = verificationKeys;
    this.reloadVerificationKeys = reloadVerificationKeys;
    this.manager = manager;
    this.algorithm = algorithm;
  }

  public SecretKeys secretKeys() {
    return secretKeys.get();
  }

  /** The floor between two reloads of the secret keys that an unknown key asks for. */
  static final java.time.Duration SECRET_RELOAD_FLOOR = java.time.Duration.ofSeconds(1);

  /**
   * The id of the secret key a server request presents. A key this container does not know makes
   * it read the secret again (at most once per {@link #SECRET_RELOAD_FLOOR}) and look once more,
   * so a key added to the secret works at once rather than after the 5-minute refresh, and no
   * stream of wrong keys turns into a Secrets Manager call per request.
   *
   * @throws dev.gatehouse.errors.ForbiddenException {@code INVALID_SECRET_KEY}, and the other
   *     refusals of {@link SecretKeys#authenticate}
   */
  public String authenticate(dev.gatehouse.api.HttpRequest request) {
    try {
      return secretKeys.get().authenticate(request);
    } catch (dev.gatehouse.errors.ForbiddenException unknown) {
      if (!(secretKeys instanceof Refreshing<?> refreshing) || !refreshing.invalidateIfOlderThan(SECRET_RELOAD_FLOOR)) {
        throw unknown;
      }
      return secretKeys.get().authenticate(request);
    }
  }

  /** The public keys, as verifiers and the JWKS route see them. */
  public KeySet verificationKeys() {
    return verificationKeys.get();
  }

  public SigningKeyManager manager() {
    return manager.get();
  }

  /** The algorithm of the keys this project signs with, and of a rotation that names none. */
  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  Supplier<KeySet> signingKeySupplier() {
    return signingKeys;
  }

  Supplier<KeySet> verificationKeySupplier() {
    return verificationKeys;
  }

  /** How a verifier reloads the public keys when a token names a kid it does not know. */
  Runnable reloadVerificationKeys() {
    return reloadVerificationKeys;
  }

  /** After a restore: keys loaded with a time to live are loaded afresh, the snapshot may be days old. */
  public void afterRestore() {
    for (Supplier<?> supplier : List.of(secretKeys, signingKeys, verificationKeys)) {
      if (supplier instanceof Refreshing<?> refreshing) {
        refreshing.invalidate();
      }
    }
  }

  /** What a function loads again after a restore: its secret keys, and its token keys if it signs or verifies. */
  public List<Supplier<?>> reloads(boolean tokens) {
    return tokens ? List.of(secretKeys, signingKeys, verificationKeys) : List.of(secretKeys);
  }
}
