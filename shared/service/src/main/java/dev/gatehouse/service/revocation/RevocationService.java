package dev.gatehouse.service.revocation;

import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.RevocationRepository;
import dev.gatehouse.store.UserStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Revoking tokens and deactivating users. Each call's write is strongly consistent and every
 * check reads the cutoffs strongly, so a revocation is in force for every check that starts after
 * the call returns. Users need not exist: a cutoff or deactivation also holds for a user known
 * only as an id in rooms' accesses.
 */
public final class RevocationService {
  /** A tenant's cutoff, as answered. */
  public record TenantCutoff(TenantId tenant, Optional<Instant> revokeTokensIssuedBefore) {}

  private final RevocationRepository revocations;
  private final Clock clock;

  public RevocationService(RevocationRepository revocations, Clock clock) {
    this.revocations = revocations;
    this.clock = clock;
  }

  /** Refuses the user's tokens issued before the cutoff (now by default; LIFT removes it). */
  public UserStatus revokeUserTokens(String userId, Cutoff cutoff) {
    Limits.requireUserId(userId, "userId");
    return revocations.revokeUserTokens(userId, resolve(cutoff, "before"));
  }

  /** Refuses the tenant's tokens issued before the cutoff, and every token entering its rooms. */
  public TenantCutoff revokeTenantTokens(String organizationId, Cutoff cutoff) {
    TenantId tenant = new TenantId(Limits.requireTeamName(organizationId, "organizationId"));
    return new TenantCutoff(tenant, revocations.revokeTenantTokens(tenant, resolve(cutoff, "before")));
  }

  /** Revokes every token the user holds and refuses them new ones until reactivated. */
  public UserStatus deactivate(String userId) {
    Limits.requireUserId(userId, "userId");
    return revocations.deactivate(userId, now());
  }

  /**
   * Lets the user get tokens again. Every token issued before now stays revoked (the user's cutoff
   * becomes now), whatever was done to the cutoff while they were deactivated.
   */
  public UserStatus reactivate(String userId) {
    Limits.requireUserId(userId, "userId");
    return revocations.reactivate(userId, now());
  }

  /** The user's status (active, with no cutoff, for a user nothing was recorded for). */
  public UserStatus status(String userId) {
    Limits.requireUserId(userId, "userId");
    return revocations.userStatus(userId);
  }

  private Optional<Instant> resolve(Cutoff cutoff, String field) {
    return cutoff.resolve(now(), field);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
