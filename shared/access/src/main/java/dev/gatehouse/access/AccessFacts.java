package dev.gatehouse.access;

import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;

/**
 * What a room-access decision reads beyond the token: the room (or which tenant holds its id),
 * the caller's teams and role, and the multi-tenant switch. Gatehouse answers it from its store;
 * an embedding realtime server gives {@link ConnectionCheck} its own room lookup.
 */
public interface AccessFacts extends ConnectionCheck.Rooms {
  /** A user's teams and roles; a user without a record has none ({@link Membership#NONE}). */
  Membership membership(String userId);

  /** The current multi-tenant switch. */
  MultiTenantMode mode();
}
