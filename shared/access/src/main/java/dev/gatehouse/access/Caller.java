package dev.gatehouse.access;

import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.tokens.VerifiedToken;

/**
 * A verified caller and the mode their request is decided in: in multi-tenant mode the principal
 * already carries the user's stored teams and role, loaded once by {@link AccessCheck}, as do the
 * revocation cutoffs read with them (a room's tenant's cutoff is read when a decision needs it).
 */
public record Caller(VerifiedToken token, Principal principal, MultiTenantMode mode, Cutoffs cutoffs, StoredGroups groups) {
  public Caller(VerifiedToken token, Principal principal, MultiTenantMode mode) {
    this(token, principal, mode, new Cutoffs(Revocation.NONE));
  }

  public Caller(VerifiedToken token, Principal principal, MultiTenantMode mode, Cutoffs cutoffs) {
    this(token, principal, mode, cutoffs, new StoredGroups());
  }

  /** The stored groups that list the caller, per tenant, each tenant's read once per request. */
  public static final class StoredGroups {
    private final java.util.concurrent.ConcurrentHashMap<dev.gatehouse.permissions.TenantId, java.util.Set<String>> known =
        new java.util.concurrent.ConcurrentHashMap<>();

    java.util.Set<String> in(dev.gatehouse.permissions.TenantId tenant,
        java.util.function.Function<dev.gatehouse.permissions.TenantId, java.util.Set<String>> read) {
      return known.computeIfAbsent(tenant, read);
    }
  }

  /** The cutoffs that can apply to the caller's token, as read so far: one request's worth, then each tenant's once. */
  public Revocation revocation() {
    return cutoffs.known.get();
  }

  /** The caller's cutoffs, growing as decisions read more tenants' (each read once per request). */
  public static final class Cutoffs {
    private final java.util.concurrent.atomic.AtomicReference<Revocation> known;

    Cutoffs(Revocation initial) {
      this.known = new java.util.concurrent.atomic.AtomicReference<>(initial);
    }

    Revocation learn(Revocation more, java.util.Set<dev.gatehouse.permissions.TenantId> asked) {
      return known.updateAndGet(current -> current.with(more, asked));
    }
  }
}
