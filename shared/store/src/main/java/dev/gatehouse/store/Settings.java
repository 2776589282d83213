package dev.gatehouse.store;

import dev.gatehouse.permissions.MultiTenantMode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Application settings.
 *
 * @param multiTenantEnabled Stream's multi-tenant mode; off by default
 * @param rateLimits the per-tenant quotas of the client routes; none by default
 * @param revokeTokensIssuedBefore the project-wide revocation cutoff: every token issued before it
 *     is refused; none by default
 * @param updatedAt when they last changed (empty until first written); also what a conditional
 *     write compares, so that two concurrent changes never lose one
 */
public record Settings(boolean multiTenantEnabled, RateLimits rateLimits, Optional<Instant> revokeTokensIssuedBefore,
    Optional<Instant> updatedAt) {
  public static final Settings DEFAULTS = new Settings(false, RateLimits.NONE, Optional.empty());

  public Settings {
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(updatedAt, "updatedAt");
    // Stored with millisecond precision: hold it that way, so a written cutoff equals a read one.
    revokeTokensIssuedBefore = revokeTokensIssuedBefore.map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  public Settings(boolean multiTenantEnabled, RateLimits rateLimits, Optional<Instant> updatedAt) {
    this(multiTenantEnabled, rateLimits, Optional.empty(), updatedAt);
  }

  public Settings(boolean multiTenantEnabled, Optional<Instant> updatedAt) {
    this(multiTenantEnabled, RateLimits.NONE, updatedAt);
  }

  public MultiTenantMode mode() {
    return MultiTenantMode.of(multiTenantEnabled);
  }
}
