package dev.gatehouse.access;

import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.TokenVerifier;
import dev.gatehouse.tokens.VerifiedToken;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The check a realtime server makes when a client connects to a room, for embedding in a Java
 * realtime server with its own {@link Rooms} (for instance backed by Gatehouse's REST API or
 * table). It is {@link AccessCheck#connect}, the decision Gatehouse's own {@code
 * authorize-connection} endpoint and Lambda authorizer make, over the lookups given here.
 *
 * <p>Lookups: an ID token reads the room in the token's tenant (one read; a room of another
 * tenant is simply not found there). An access token only needs to know which tenant holds the
 * room id, if any (one read). In multi-tenant mode the user's teams and role are read too, and an
 * ID token without a tenant first finds the room's tenant.
 */
public final class ConnectionCheck {

  /** Where the check finds rooms. */
  public interface Rooms {
    /** The room if it exists in this tenant. */
    Optional<RoomFacts> find(TenantId tenant, String roomId);

    /** The tenant that holds this room id, if the room exists anywhere. */
    Optional<TenantId> tenantOf(String roomId);
  }

  /**
   * The outcome.
   *
   * @param token the verified token
   * @param decision allowed or denied, with the access matrix and the reason
   * @param tenant the room's tenant (for a room that does not exist yet, the tenant it would be created in)
   */
  public record Result(VerifiedToken token, Decision decision, TenantId tenant) {}

  /**
   * One room's answer in a bulk check: its decision, or the error that stopped it (a room of a
   * tenant whose cutoff revokes the token: {@code TOKEN_REVOKED}).
   */
  public record Outcome(String roomId, Optional<Result> result, Optional<dev.gatehouse.errors.GatehouseException> error) {}

  /**
   * Where the check finds revocation cutoffs and deactivation (for instance kept from Gatehouse's
   * change events, or read from its table): the cutoffs that can apply to this user's tokens in
   * these tenants (the token's, and the room's).
   */
  public interface Revocations {
    Revocation of(String userId, Set<TenantId> tenants);
  }

  private final AccessCheck access;

  /**
   * A check that revokes nothing.
   *
   * @param memberships a user's teams and role, read only in multi-tenant mode
   * @param mode the current multi-tenant switch
   * @deprecated it accepts revoked tokens and deactivated users' tokens: give it {@link Revocations}
   *     (Gatehouse's store answers them: {@code dev.gatehouse.service.access.StoreRevocations})
   */
  @Deprecated
  public ConnectionCheck(TokenVerifier verifier, Rooms rooms, Function<String, Membership> memberships,
      Supplier<MultiTenantMode> mode) {
    this(verifier, rooms, memberships, mode, (userId, tenants) -> Revocation.NONE);
  }

  /**
   * @param memberships a user's teams and role, read only in multi-tenant mode
   * @param mode the current multi-tenant switch
   * @param revocations the cutoffs and deactivation that refuse tokens with {@code TOKEN_REVOKED}
   */
  public ConnectionCheck(TokenVerifier verifier, Rooms rooms, Function<String, Membership> memberships,
      Supplier<MultiTenantMode> mode, Revocations revocations) {
    this(verifier, rooms, memberships, mode, revocations, (userId, tenant) -> Set.of());
  }

  /**
   * Where the check finds stored groups (Liveblocks' groups API): the groups of a tenant that
   * list the user, asked only for a room in reach whose {@code groupsAccesses} name a group the
   * token does not carry.
   */
  public interface Groups {
    Set<String> of(String userId, TenantId tenant);
  }

  /**
   * @param memberships a user's teams and role, read only in multi-tenant mode
   * @param mode the current multi-tenant switch
   * @param revocations the cutoffs and deactivation that refuse tokens with {@code TOKEN_REVOKED}
   * @param groups the stored groups that list a user in a tenant
   */
  public ConnectionCheck(TokenVerifier verifier, Rooms rooms, Function<String, Membership> memberships,
      Supplier<MultiTenantMode> mode, Revocations revocations, Groups groups) {
    this.access = new AccessCheck(verifier, new AccessFacts() {
      @Override
      public Set<String> storedGroups(String userId, TenantId tenant) {
        return groups.of(userId, tenant);
      }

      @Override
      public Optional<RoomFacts> find(TenantId tenant, String roomId) {
        return rooms.find(tenant, roomId);
      }

      @Override
      public Optional<TenantId> tenantOf(String roomId) {
        return rooms.tenantOf(roomId);
      }

      @Override
      public Membership membership(String userId) {
        return memberships.apply(userId);
      }

      @Override
      public MultiTenantMode mode() {
        return mode.get();
      }

      @Override
      public Revocation revocation(String userId, Set<TenantId> tenants) {
        return revocations.of(userId, tenants);
      }
    });
  }

  /** A check over facts that answer {@link AccessFacts#read} themselves (Gatehouse's own store, in one request). */
  public ConnectionCheck(TokenVerifier verifier, AccessFacts facts) {
    this.access = new AccessCheck(verifier, facts);
  }

  /**
   * Verifies the token and decides whether it may enter the room.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN} for any bad token,
   *     {@code TOKEN_EXPIRED}, or {@code TOKEN_REVOKED}
   */
  public Result check(String token, String roomId) {
    return access.connect(token, roomId);
  }

  /**
   * {@link #check} for many rooms at once, in the order asked, each decided as {@link #check}
   * decides it: the caller's facts read once, the rooms in one read ({@link AccessFacts#findAll}).
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException for a token no room could accept
   */
  public java.util.List<Outcome> checkAll(String token, java.util.List<String> roomIds) {
    return access.connectAll(token, roomIds);
  }
}
