package dev.gatehouse.service.client;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.TokenKind;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserRepository;
import dev.gatehouse.tokens.TokenVerifier;
import dev.gatehouse.tokens.VerifiedToken;

/**
 * Who is calling a client-side route: the user of a verified ID token, with (in multi-tenant
 * mode) the teams and roles of their server-side record, and the current mode.
 */
public final class ClientIdentity {
  /** A caller and the mode their request is decided in. */
  public record Caller(Principal principal, MultiTenantMode mode) {}

  private final TokenVerifier verifier;
  private final UserRepository users;
  private final SettingsService settings;

  public ClientIdentity(TokenVerifier verifier, UserRepository users, SettingsService settings) {
    this.verifier = verifier;
    this.users = users;
    this.settings = settings;
  }

  /**
   * The caller of a client request.
   *
   * @throws dev.gatehouse.errors.UnauthenticatedException {@code INVALID_TOKEN} for a bad token
   * @throws ForbiddenException for an access token: client routes act as a user, which only an ID token says
   */
  public Caller caller(String token) {
    VerifiedToken verified = verifier.verify(token);
    if (verified.kind() != TokenKind.ID) {
      throw new ForbiddenException(ErrorCode.ID_TOKEN_REQUIRED, "Client routes take an ID token; this is an access token.",
          "Get an ID token from identify-user for client-side queries and room creation.");
    }
    MultiTenantMode mode = settings.mode();
    Principal principal = verified.principal();
    if (mode == MultiTenantMode.ON) {
      principal = principal.withMembership(membership(verified.userId()));
    }
    return new Caller(principal, mode);
  }

  /** A user's teams and roles; a user without a record has none. */
  public Membership membership(String userId) {
    return users.find(userId).map(User::membership).orElse(Membership.NONE);
  }
}
