package dev.gatehouse.tokens;

/**
 * Token claim names. The first group is what the Liveblocks client's token decoder reads; {@code
 * oid} carries the tenant (Liveblocks organization, Stream team).
 */
public final class Claims {
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

  private Claims() {}
}
