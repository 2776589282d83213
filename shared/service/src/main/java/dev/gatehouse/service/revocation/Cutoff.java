package dev.gatehouse.service.revocation;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A requested revocation cutoff: now (the request named none), a given instant, or none at all
 * ({@code null}: lift the cutoff), as Stream's {@code revokeTokensIssuedBefore} takes them.
 */
public record Cutoff(Kind kind, Optional<Instant> at) {
  public enum Kind { NOW, AT, LIFT }

  public static final Cutoff NOW = new Cutoff(Kind.NOW, Optional.empty());
  public static final Cutoff LIFT = new Cutoff(Kind.LIFT, Optional.empty());

  /** How far ahead of this clock a given time may be and still count as now: clocks differ a little. */
  public static final java.time.Duration CLOCK_TOLERANCE = java.time.Duration.ofSeconds(5);

  public Cutoff {
    Objects.requireNonNull(kind, "kind");
    if (at.isPresent() != (kind == Kind.AT)) {
      throw new IllegalArgumentException("an instant goes with Kind.AT only");
    }
  }

  public static Cutoff at(Instant instant) {
    return new Cutoff(Kind.AT, Optional.of(instant));
  }

  /**
   * The instant this cutoff stands for at {@code now}, to the millisecond; empty to lift it.
   *
   * @throws InvalidInputException {@code INVALID_CUTOFF} for an instant more than {@link
   *     #CLOCK_TOLERANCE} after {@code now}, or before 1970
   */
  public Optional<Instant> resolve(Instant now, String field) {
    Instant today = now.truncatedTo(ChronoUnit.MILLIS);
    return switch (kind) {
      case NOW -> Optional.of(today);
      case LIFT -> Optional.empty();
      case AT -> {
        Instant given = at.get().truncatedTo(ChronoUnit.MILLIS);
        if (given.isBefore(Instant.EPOCH)) {
          throw new InvalidInputException(ErrorCode.INVALID_CUTOFF, field,
              field + " is before 1970-01-01T00:00:00Z, before any token",
              "Send a time since 1970, or null to lift the cutoff.");
        }
        if (given.isAfter(today.plus(CLOCK_TOLERANCE))) {
          throw new InvalidInputException(ErrorCode.INVALID_CUTOFF, field,
              field + " is in the future (" + given + "; it is now " + today + "): a cutoff revokes tokens already issued",
              "Leave " + field + " out to revoke every token issued until now, or send a time in the past.");
        }
        // A caller's "now" a little ahead of this clock is taken as now.
        yield Optional.of(given.isAfter(today) ? today : given);
      }
    };
  }
}
