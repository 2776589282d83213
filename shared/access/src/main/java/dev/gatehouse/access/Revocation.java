package dev.gatehouse.access;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.UnauthenticatedException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.VerifiedToken;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The revocation cutoffs that can apply to one user's tokens, and whether the user is
 * deactivated. A token issued before a cutoff that applies to it is refused with {@code 401
 * TOKEN_REVOKED}: the project's, the user's and that of the tenant the token names apply to
 * every use of the token; the cutoff of the tenant whose room is entered applies once the
 * decision has let the token in (so that no answer depends on another tenant's cutoff).
 *
 * @param project the project-wide cutoff
 * @param user the user's own cutoff
 * @param tenants the cutoffs of the tenants read (the token's and the room's), where they have one
 * @param deactivated whether the user is deactivated: every token of theirs is refused
 * @param read the tenants whose cutoffs were read (those in {@code tenants}, and those without one)
 */
public record Revocation(Optional<Instant> project, Optional<Instant> user, Map<TenantId, Instant> tenants,
    boolean deactivated, Set<TenantId> read) {
  /** Nothing revoked. */
  public static final Revocation NONE = new Revocation(Optional.empty(), Optional.empty(), Map.of(), false);

  public Revocation {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(user, "user");
    tenants = Map.copyOf(tenants);
    Set<TenantId> known = new HashSet<>(read);
    known.addAll(tenants.keySet());
    read = Set.copyOf(known);
  }

  /** Cutoffs as a source gives them: every tenant it was asked about counts as read. */
  public Revocation(Optional<Instant> project, Optional<Instant> user, Map<TenantId, Instant> tenants, boolean deactivated) {
    this(project, user, tenants, deactivated, tenants.keySet());
  }

  /** Whether this tenant's cutoff was read (so that its absence means it has none). */
  public boolean knows(TenantId tenant) {
    return read.contains(tenant);
  }

  /** These cutoffs and those of {@code asked}, as {@code more} gives them (a tenant it does not name has none). */
  public Revocation with(Revocation more, Set<TenantId> asked) {
    Map<TenantId, Instant> all = new HashMap<>(tenants);
    all.putAll(more.tenants);
    Set<TenantId> known = new HashSet<>(read);
    known.addAll(more.read);
    known.addAll(asked);
    return new Revocation(project, user, all, deactivated || more.deactivated, known);
  }

  /** Whether {@code tenant}'s cutoff revokes the token (its cutoff must have been read). */
  public boolean revokesIn(VerifiedToken token, TenantId tenant) {
    Instant cutoff = tenants.get(tenant);
    return cutoff != null && token.issuedAt().isBefore(cutoff);
  }

  /**
   * Refuses a token the project's, the user's or its own tenant's cutoff revokes, or any token of
   * a deactivated user.
   *
   * @throws UnauthenticatedException {@code TOKEN_REVOKED}
   */
  public void requireValid(VerifiedToken token) {
    if (deactivated) {
      throw revoked("the user \"" + token.userId() + "\" is deactivated");
    }
    refuseBefore(project, token, "the project's revocation cutoff");
    refuseBefore(user, token, "the user's revocation cutoff");
    token.tenant().ifPresent(tenant ->
        refuseBefore(Optional.ofNullable(tenants.get(tenant)), token, "the revocation cutoff of organization \"" + tenant + "\""));
  }

  /**
   * Refuses a token, already let into a room of {@code roomTenant}, that the tenant's cutoff revokes.
   *
   * @throws UnauthenticatedException {@code TOKEN_REVOKED}
   */
  public void requireValidIn(VerifiedToken token, TenantId roomTenant) {
    if (!knows(roomTenant)) {
      throw new IllegalStateException("the cutoff of " + roomTenant + " was not read");
    }
    refuseBefore(Optional.ofNullable(tenants.get(roomTenant)), token,
        "the revocation cutoff of organization \"" + roomTenant + "\"");
  }

  private static void refuseBefore(Optional<Instant> cutoff, VerifiedToken token, String which) {
    if (cutoff.isPresent() && token.issuedAt().isBefore(cutoff.get())) {
      throw revoked("it was issued before " + which + ", " + cutoff.get());
    }
  }

  private static UnauthenticatedException revoked(String reason) {
    return new UnauthenticatedException(ErrorCode.TOKEN_REVOKED, "Token revoked: " + reason + ".",
        "Get a new token from your authentication endpoint (identify-user or authorize-user); a revoked token never works again.");
  }
}
