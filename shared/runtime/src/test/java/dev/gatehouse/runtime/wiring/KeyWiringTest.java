package dev.gatehouse.runtime.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.runtime.Refreshing;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A secret key added to the secret works at once; wrong keys cannot make a reload per request. */
class KeyWiringTest {
  private static final String OLD = "sk_old_key_0123456789abcdef";
  private static final String ADDED = "sk_added_key_0123456789abcdef";

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static HttpRequest withKey(String key) {
    return new HttpRequest("GET", "/v2/rooms", Map.of("authorization", "Bearer " + key), Map.of(), Map.of(), null, "r");
  }

  @Test
  void anUnknownKeyRereadsTheSecretAtMostOncePerFloor() {
    Hands clock = new Hands();
    List<String> secret = new CopyOnWriteArrayList<>(List.of(OLD));
    AtomicInteger reads = new AtomicInteger();
    Refreshing<SecretKeys> keys = new Refreshing<>(() -> {
      reads.incrementAndGet();
      return SecretKeys.of(List.copyOf(secret));
    }, Duration.ofMinutes(5), clock);
    KeyWiring wiring = new KeyWiring(keys, () -> null, () -> null, () -> {}, () -> null, SigningAlgorithm.RS256);

    assertEquals(SecretKeys.idOf(OLD), wiring.authenticate(withKey(OLD)));
    assertEquals(1, reads.get());

    secret.add(ADDED); // a key added to the secret, as README's rotation does
    clock.now = clock.now.plusSeconds(2);
    assertEquals(SecretKeys.idOf(ADDED), wiring.authenticate(withKey(ADDED)), "works at once, not after the 5-minute refresh");
    assertEquals(2, reads.get());

    for (int i = 0; i < 50; i++) {
      assertThrows(ForbiddenException.class, () -> wiring.authenticate(withKey("sk_wrong_key_0123456789abcdef")));
    }
    assertEquals(2, reads.get(), "wrong keys within the floor read nothing more");
    clock.now = clock.now.plus(KeyWiring.SECRET_RELOAD_FLOOR).plusSeconds(1);
    assertThrows(ForbiddenException.class, () -> wiring.authenticate(withKey("sk_wrong_key_0123456789abcdef")));
    assertEquals(3, reads.get(), "one reload per floor");
  }
}
