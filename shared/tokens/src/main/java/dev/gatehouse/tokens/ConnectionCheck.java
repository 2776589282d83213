package dev.gatehouse.tokens;

import dev.gatehouse.permissions.AccessPolicy;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.RoomTarget;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.permissions.TokenKind;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The check a realtime server makes when a client connects to a room: verify the token, find
 * what the decision needs, and ask {@link AccessPolicy}. Gatehouse's own {@code
 * authorize-connection} endpoint and Lambda authorizer use this class; a Java realtime server can
 * embed it with its own {@link Rooms} (for instance backed by Gatehouse's REST API or table).
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

  private final TokenVerifier verifier;
  private final Rooms rooms;
  private final Function<String, Membership> memberships;
  private final Supplier<MultiTenantMode> mode;

  /**
   * @param memberships a user's teams and role, read only in multi-tenant mode
   * @param mode the current multi-tenant switch
   */
  public ConnectionCheck(TokenVerifier verifier, Rooms rooms, Function<String, Membership> memberships,
      Supplier<MultiTenantMode> mode) {
    this.verifier = verifier;
    this.rooms = rooms;
    this.memberships = memberships;
    this.mode = mode;
  }

  /**
   * Verifies the token and decides whether it may enter the room.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN} for any bad token
   */
  public Result check(String token, String roomId) {
    VerifiedToken verified = verifier.verify(token);
    MultiTenantMode currentMode = mode.get();
    Principal principal = verified.principal();
    if (currentMode == MultiTenantMode.ON) {
      principal = principal.withMembership(memberships.apply(verified.userId()));
    }
    RoomTarget target = target(verified, roomId, currentMode);
    Decision decision = AccessPolicy.decide(principal, Action.READ_ROOM, target, currentMode);
    return new Result(verified, decision, target.tenant());
  }

  private RoomTarget target(VerifiedToken token, String roomId, MultiTenantMode currentMode) {
    if (token.kind() == TokenKind.ACCESS) {
      // The patterns decide; only the room's tenant matters (or, for a new room, the token's).
      TenantId tenant = rooms.tenantOf(roomId).orElse(token.tenant().orElse(TenantId.DEFAULT));
      return RoomTarget.missing(roomId, tenant);
    }
    TenantId tenant;
    if (token.tenant().isPresent() || currentMode == MultiTenantMode.OFF) {
      tenant = token.tenant().orElse(TenantId.DEFAULT);
    } else {
      Optional<TenantId> holder = rooms.tenantOf(roomId);
      if (holder.isEmpty()) {
        return RoomTarget.missing(roomId, TenantId.DEFAULT);
      }
      tenant = holder.get();
    }
    return rooms.find(tenant, roomId).map(RoomTarget::of).orElse(RoomTarget.missing(roomId, tenant));
  }
}
