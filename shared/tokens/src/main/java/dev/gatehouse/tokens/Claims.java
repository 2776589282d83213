package dev.gatehouse.tokens;

/**
 * Token claim names. The first group is what the Liveblocks client's token decoder reads; {@code
 * oid} carries the tenant (Liveblocks organization, Stream team); {@code iss} and {@code aud} are
 * the registered JWT claims that generic verifiers (API Gateway's JWT authorizer, OIDC libraries)
 * check.
 */
public final class Claims {
  /** The issuer: the service's public base URL, where {@code /.well-known/openid-configuration} is served. */
  public static final String ISSUER = "iss";
  /** The audience: the project id, the same value as {@code pid}. */
  public static final String AUDIENCE = "aud";
  /** Token kind: {@code "id"} or {@code "acc"}. */
  public static final String KIND = "k";
  /** The project (deployment) the token belongs to. */
  public static final String PROJECT = "pid";
  /** The user id. */
  public static final String USER = "uid";
  /** ID tokens: the user's group ids. */
  public static final String GROUPS = "gids";
  /** Access tokens: room pattern to permission list. */
  public static final String PERMISSIONS = "perms";
  /** Optional user info, shown to other users in a room. */
  public static final String USER_INFO = "ui";
  /** The tenant the token is scoped to, when it names one. */
  public static final String TENANT = "oid";
  /**
   * When the token was issued, in epoch milliseconds: {@code iat} counts whole seconds, too coarse
   * to tell a token issued just before a revocation from one issued just after it.
   */
  public static final String ISSUED_AT_MILLIS = "iatms";

  private Claims() {}
}
