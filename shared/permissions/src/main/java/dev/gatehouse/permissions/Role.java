package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A user's role, as in Stream. Roles do two things here: {@link #manages} lists the room
 * management actions a role may take on any room within its reach without an entry in the room's
 * accesses, and {@link AnyTeamGrant} lists which actions the global roles may take across teams.
 * Entering and reading a room is always decided by the room's accesses.
 */
public enum Role {
  USER("user", EnumSet.noneOf(Action.class)),
  ADMIN("admin", EnumSet.of(Action.UPDATE_ROOM, Action.UPDATE_ROOM_MEMBERS, Action.DELETE_ROOM)),
  GLOBAL_MODERATOR("global_moderator", EnumSet.of(Action.UPDATE_ROOM, Action.UPDATE_ROOM_MEMBERS)),
  GLOBAL_ADMIN(
      "global_admin", EnumSet.of(Action.UPDATE_ROOM, Action.UPDATE_ROOM_MEMBERS, Action.DELETE_ROOM));

  private final String wireName;
  private final Set<Action> manages;

  Role(String wireName, Set<Action> manages) {
    this.wireName = wireName;
    this.manages = manages;
  }

  /** The name used in JSON: {@code user}, {@code admin}, {@code global_moderator}, {@code global_admin}. */
  public String wireName() {
    return wireName;
  }

  /** True when this role may take the action on a room in reach regardless of its accesses. */
  public boolean manages(Action action) {
    return manages.contains(action);
  }

  /** Parses a role name; {@code null} means {@link #USER}. */
  public static Role parse(String value, String field) {
    if (value == null) {
      return USER;
    }
    for (Role role : values()) {
      if (role.wireName.equals(value)) {
        return role;
      }
    }
    throw new InvalidInputException(
        ErrorCode.INVALID_ROLE,
        field,
        "Unknown role \"" + value + "\" in " + field,
        "Use one of: user, admin, global_moderator, global_admin.");
  }
}
