package dev.gatehouse.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A key set, an issuer and a verifier on a clock the test moves. */
final class TokenFixtures {
  static final String PROJECT = "gatehouse-test";
  static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final AtomicReference<KeySet> keys;
  final JwtTokenIssuer issuer;
  final JwtTokenVerifier verifier;

  TokenFixtures(SigningAlgorithm algorithm) {
    this.keys = new AtomicReference<>(KeySet.generate(algorithm, T0));
    this.issuer = new JwtTokenIssuer(keys::get, clock, Duration.ofHours(1), PROJECT);
    this.verifier = new JwtTokenVerifier(() -> keys.get().publicOnly(), clock, Duration.ofSeconds(30), PROJECT, () -> {});
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

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
}
