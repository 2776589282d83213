package dev.gatehouse.service.keys;

import dev.gatehouse.store.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import dev.gatehouse.tokens.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Signing-key rotation by kid, on a key store held in memory (its own port, beside the store's:
 * in AWS it is Secrets Manager, tested on moto in the runtime module).
 */
class SigningKeyManagerTest {
  /** The two secrets, as the key store writes them. */
  private static final class MemoryKeyStore implements SigningKeyManager.KeyStore {
    String signing;
    String verification;
    int writes;

    @Override
    public Optional<String> readSigningKeys() {
      return Optional.ofNullable(signing);
    }

    @Override
    public void write(String signingKeys, String verificationKeys) {
      signing = signingKeys;
      verification = verificationKeys;
      writes++;
    }
  }

  private static final Duration RETENTION = Duration.ofHours(2);
  private final MemoryKeyStore store = new MemoryKeyStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final SigningKeyManager manager = new SigningKeyManager(store, clock, RETENTION);

  private List<String> storedKids() {
    return KeySet.parse(store.signing, clock.instant()).keys().stream().map(SigningKey::kid).toList();
  }

  @Test
  void ensureCreatesOneKeyOnceAndRepublishesItsJwks() {
    String kid = manager.ensure(SigningAlgorithm.RS256);
    assertEquals(List.of(kid), storedKids());
    assertEquals(kid, manager.ensure(SigningAlgorithm.RS256), "an existing key is kept");
    assertEquals(2, store.writes, "the JWKS is published again, idempotently");
    assertTrue(store.verification.contains(kid));
  }

  @Test
  void aRotationPutsANewKidInFrontAndKeepsTheOldOneForVerifying() {
    String first = manager.ensure(SigningAlgorithm.ES256);
    clock.advance(Duration.ofDays(30));
    String second = manager.rotate(SigningAlgorithm.ES256);
    assertNotEquals(first, second);
    assertEquals(List.of(second, first), storedKids());
    KeySet stored = KeySet.parse(store.signing, clock.instant());
    assertEquals(second, stored.signingKey().orElseThrow().kid(), "new tokens are signed with the new kid");
    assertTrue(store.verification.contains(first) && store.verification.contains(second));
    assertFalse(store.verification.contains("\"d\""), "the public secret holds no private key");
  }

  @Test
  void aReplacedKeyIsDroppedOnceItHasBeenReplacedForLongerThanTheRetention() {
    String first = manager.ensure(SigningAlgorithm.ES256);
    String second = manager.rotate(SigningAlgorithm.ES256); // first replaced now
    clock.advance(RETENTION);
    String third = manager.rotate(SigningAlgorithm.ES256);
    assertEquals(List.of(third, second, first), storedKids(), "replaced exactly the retention ago: still kept");
    clock.advance(Duration.ofMinutes(1));
    String fourth = manager.rotate(SigningAlgorithm.ES256);
    assertEquals(List.of(fourth, third, second), storedKids(), "the first key's tokens have all expired");
    assertFalse(store.verification.contains(first));
  }

  @Test
  void aBlankStoredSetIsAFreshStart() {
    store.signing = " ";
    String kid = manager.rotate(SigningAlgorithm.RS256);
    assertEquals(List.of(kid), storedKids());
  }
}
