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
   * @throws InvalidInputException {@code INVALID_CUTOFF} for an instant after {@code now}
   */
  public Optional<Instant> resolve(Instant now, String field) {
    Instant today = now.truncatedTo(ChronoUnit.MILLIS);
    return switch (kind) {
      case NOW -> Optional.of(today);
      case LIFT -> Optional.empty();
      case AT -> {
        Instant given = at.get().truncatedTo(ChronoUnit.MILLIS);
        if (given.isAfter(today)) {
          throw new InvalidInputException(ErrorCode.INVALID_CUTOFF, field,
              field + " is in the future (" + given + "; it is now " + today + "): a cutoff revokes tokens already issued",
              "Leave " + field + " out to revoke every token issued until now, or send a time in the past.");
        }
        yield Optional.of(given);
      }
    };
  }
}
