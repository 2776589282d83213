package dev.gatehouse.store;

import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Revocation cutoffs and deactivation, per user and per tenant (the project-wide cutoff is a
 * setting). Each write changes only the fields it names, atomically, so concurrent revocations,
 * deactivations and reactivations of one user never undo each other's other field.
 */
public interface RevocationRepository {
  /** The user's status ({@link UserStatus#active} when nothing was recorded). One strongly consistent GetItem. */
  UserStatus userStatus(String userId);

  /** Sets the user's cutoff (or, empty, removes it), leaving deactivation as it is. One UpdateItem. */
  UserStatus revokeUserTokens(String userId, Optional<Instant> before);

  /** Marks the user deactivated with this cutoff. One UpdateItem. */
  UserStatus deactivate(String userId, Instant before);

  /**
   * Lifts the user's deactivation and sets their cutoff to {@code at}: no token could be issued to
   * them while deactivated, so every older token stays revoked, even if the cutoff was changed
   * meanwhile. One UpdateItem.
   */
  UserStatus reactivate(String userId, Instant at);

  /** The tenant's cutoff, if it has one. One strongly consistent GetItem. */
  Optional<Instant> tenantCutoff(TenantId tenant);

  /** Sets the tenant's cutoff (or, empty, removes it). One PutItem or DeleteItem. */
  Optional<Instant> revokeTenantTokens(TenantId tenant, Optional<Instant> before);
}
