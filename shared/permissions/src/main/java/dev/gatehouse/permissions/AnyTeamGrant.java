package dev.gatehouse.permissions;

import java.util.Optional;

/**
 * The multi-tenant permission table: which global roles may act on rooms and users of any team.
 * It mirrors Stream's default grants for the {@code messaging} scope (and {@code .app} for user
 * search), restricted to the actions that exist here, with the moderator/admin differences of the
 * seed: a global moderator may not delete other people's rooms in other teams, only their own.
 *
 * <p>The table is data: one row per Stream permission, one column per global role. Roles {@code
 * user} and {@code admin} have no cross-team grant.
 */
public enum AnyTeamGrant {
  //                            Stream permission id                 action                       owner only  global_moderator  global_admin
  READ_ROOM_ANY_TEAM(           "read-channel-any-team",            Action.READ_ROOM,            false,      true,             true),
  CREATE_ROOM_ANY_TEAM(         "create-channel-any-team",          Action.CREATE_ROOM,          false,      true,             true),
  UPDATE_ROOM_ANY_TEAM(         "update-channel-any-team",          Action.UPDATE_ROOM,          false,      true,             true),
  UPDATE_ROOM_MEMBERS_ANY_TEAM( "update-channel-members-any-team",  Action.UPDATE_ROOM_MEMBERS,  false,      true,             true),
  DELETE_ROOM_ANY_TEAM(         "delete-channel-any-team",          Action.DELETE_ROOM,          false,      false,            true),
  DELETE_ROOM_OWNER_ANY_TEAM(   "delete-channel-owner-any-team",    Action.DELETE_ROOM,          true,       true,             false),
  SEARCH_USER_ANY_TEAM(         "search-user-any-team",             Action.SEARCH_USERS,         false,      true,             true);

  private final String streamPermission;
  private final Action action;
  private final boolean ownerOnly;
  private final boolean globalModerator;
  private final boolean globalAdmin;

  AnyTeamGrant(
      String streamPermission,
      Action action,
      boolean ownerOnly,
      boolean globalModerator,
      boolean globalAdmin) {
    this.streamPermission = streamPermission;
    this.action = action;
    this.ownerOnly = ownerOnly;
    this.globalModerator = globalModerator;
    this.globalAdmin = globalAdmin;
  }

  /** The Stream permission id this row mirrors (rooms are Stream's channels). */
  public String streamPermission() {
    return streamPermission;
  }

  /** The action this grant lets a role take across teams. */
  public Action action() {
    return action;
  }

  /** True when the grant only covers rooms the principal created. */
  public boolean ownerOnly() {
    return ownerOnly;
  }

  /** True when the role holds this grant. */
  public boolean grantedTo(Role role) {
    return switch (role) {
      case GLOBAL_MODERATOR -> globalModerator;
      case GLOBAL_ADMIN -> globalAdmin;
      case USER, ADMIN -> false;
    };
  }

  /**
   * The grant that lets {@code role} take {@code action} across teams, if any.
   *
   * @param isOwner whether the principal created the room; owner-only grants need it
   */
  public static Optional<AnyTeamGrant> find(Role role, Action action, boolean isOwner) {
    for (AnyTeamGrant grant : values()) {
      if (grant.action == action && grant.grantedTo(role) && (!grant.ownerOnly || isOwner)) {
        return Optional.of(grant);
      }
    }
    return Optional.empty();
  }
}
