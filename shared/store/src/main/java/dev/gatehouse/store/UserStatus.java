package dev.gatehouse.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides whether a user's tokens still count, kept apart from the user record so that it
 * also holds for users that exist only as ids in rooms' accesses, and outlives a user's deletion.
 *
 * @param userId the user id
 * @param revokeTokensIssuedBefore the user's revocation cutoff: their tokens issued before it are refused
 * @param deactivated whether the user may get no new tokens (deactivation also set the cutoff)
 */
public record UserStatus(String userId, Optional<Instant> revokeTokensIssuedBefore, boolean deactivated) {
  public UserStatus {
    Objects.requireNonNull(userId, "userId");
    revokeTokensIssuedBefore = revokeTokensIssuedBefore.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A user nothing was ever revoked for. */
  public static UserStatus active(String userId) {
    return new UserStatus(userId, Optional.empty(), false);
  }
}
