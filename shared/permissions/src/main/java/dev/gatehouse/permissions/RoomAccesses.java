package dev.gatehouse.permissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The permissions stored on a room: {@code defaultAccesses} for everyone in reach, {@code
 * groupsAccesses} by group id and {@code usersAccesses} by user id. Immutable; maps keep their
 * insertion order.
 *
 * <p>Resolution for a user (ID tokens): start from the default, then the user's groups merged by
 * taking the strongest per feature, then the user's own entry. Each later level overrides the
 * earlier ones per feature, so a user entry can lower what the default gives. {@code
 * defaultAccesses: []} with no entry for the user or their groups means no access.
 */
public record RoomAccesses(
    PermissionList defaultAccesses,
    Map<String, PermissionList> groupsAccesses,
    Map<String, PermissionList> usersAccesses) {

  /** A private room with no entries. */
  public static final RoomAccesses PRIVATE = new RoomAccesses(PermissionList.EMPTY, Map.of(), Map.of());

  public RoomAccesses {
    Objects.requireNonNull(defaultAccesses, "defaultAccesses");
    groupsAccesses = Collections.unmodifiableMap(new LinkedHashMap<>(groupsAccesses));
    usersAccesses = Collections.unmodifiableMap(new LinkedHashMap<>(usersAccesses));
  }

  /**
   * Parses and validates the three accesses fields as decoded from a request.
   *
   * @param defaults {@code defaultAccesses}; may be empty (private room)
   * @param groups {@code groupsAccesses}; each list must be non-empty
   * @param users {@code usersAccesses}; each list must be non-empty
   * @throws dev.gatehouse.errors.InvalidInputException naming the field and the broken rule or limit
   */
  public static RoomAccesses parse(
      Collection<String> defaults,
      Map<String, ? extends Collection<String>> groups,
      Map<String, ? extends Collection<String>> users) {
    PermissionList defaultList = PermissionList.parse(defaults, "defaultAccesses");
    return new RoomAccesses(
        defaultList, parseGroupsAccesses(groups, "groupsAccesses"), parseUsersAccesses(users, "usersAccesses"));
  }

  /** Parses {@code usersAccesses}: at most 100 entries, keys that are user ids, non-empty lists. */
  public static Map<String, PermissionList> parseUsersAccesses(
      Map<String, ? extends Collection<String>> entries, String field) {
    return parseEntries(entries, field, Limits::requireUsersAccessesKey);
  }

  /** Parses {@code groupsAccesses}: at most 100 entries, keys that are group ids, non-empty lists. */
  public static Map<String, PermissionList> parseGroupsAccesses(
      Map<String, ? extends Collection<String>> entries, String field) {
    return parseEntries(entries, field, Limits::requireGroupsAccessesKey);
  }

  private static Map<String, PermissionList> parseEntries(
      Map<String, ? extends Collection<String>> entries, String field,
      java.util.function.BiConsumer<String, String> keyCheck) {
    Map<String, PermissionList> parsed = new LinkedHashMap<>();
    if (entries == null) {
      return parsed;
    }
    Limits.requireAccessEntries(entries.size(), field);
    entries.forEach(
        (key, permissions) -> {
          keyCheck.accept(key, field + " key");
          parsed.put(key, PermissionList.parseNonEmpty(permissions, field + "." + key));
        });
    return parsed;
  }

  /** Which level of the room's accesses decided the base access. */
  public enum Level {
    /** No level grants a base: the user may not enter. */
    NONE,
    DEFAULT,
    GROUPS,
    USER
  }

  /**
   * The outcome of resolving a room's accesses for one user.
   *
   * @param matrix the resolved access
   * @param deciding the last level that set the base access
   * @param matchedGroups the user's groups that have an entry, in the room's order
   */
  public record Resolution(AccessMatrix matrix, Level deciding, List<String> matchedGroups) {
    /** A sentence naming where the access came from, for decision reasons. */
    public String explain(String userId) {
      return switch (deciding) {
        case NONE ->
            "no entry grants access: defaultAccesses is empty and neither the user nor their"
                + " groups have an entry";
        case DEFAULT -> "defaultAccesses grants " + matrix.room().wireName();
        case GROUPS ->
            "groupsAccesses " + matchedGroups + " grant " + matrix.room().wireName();
        case USER -> "usersAccesses entry for '" + userId + "' grants " + matrix.room().wireName();
      };
    }
  }

  /**
   * Whether membership of more of this room's groups than {@code groupIds} could change what the
   * user resolves to. Not when the user's own entry sets the base and every feature that any
   * further group sets: the user's entry overrides the groups' level for exactly what it sets. A
   * check skips the stored-groups read then (a user listed by name, in a room whose groups give
   * bases only, is the common case).
   */
  public boolean moreGroupsCouldMatter(String userId, Collection<String> groupIds) {
    PermissionList own = userId == null ? null : usersAccesses.get(userId);
    ExplicitAccess user = own == null ? null : own.explicit();
    for (Map.Entry<String, PermissionList> entry : groupsAccesses.entrySet()) {
      if (groupIds.contains(entry.getKey())) {
        continue;
      }
      if (user == null || user.base() == null) {
        return true;
      }
      ExplicitAccess group = entry.getValue().explicit();
      for (Resource feature : Resource.FEATURES) {
        if (group.feature(feature) != null && user.feature(feature) == null) {
          return true;
        }
      }
    }
    return false;
  }

  /** Resolves what a user with these groups may do in this room. */
  public Resolution resolve(String userId, Collection<String> groupIds) {
    ExplicitAccess.Builder merged = new ExplicitAccess.Builder();
    Level deciding = Level.NONE;

    ExplicitAccess defaults = defaultAccesses.explicit();
    merged.override(defaults);
    if (defaults.base() != null) {
      deciding = Level.DEFAULT;
    }

    List<String> matchedGroups = new ArrayList<>();
    if (!groupsAccesses.isEmpty() && !groupIds.isEmpty()) {
      ExplicitAccess.Builder groups = new ExplicitAccess.Builder();
      for (Map.Entry<String, PermissionList> entry : groupsAccesses.entrySet()) {
        if (groupIds.contains(entry.getKey())) {
          groups.strongest(entry.getValue().explicit());
          matchedGroups.add(entry.getKey());
        }
      }
      if (!matchedGroups.isEmpty()) {
        merged.override(groups.build());
        deciding = Level.GROUPS;
      }
    }

    PermissionList own = userId == null ? null : usersAccesses.get(userId);
    if (own != null) {
      merged.override(own.explicit());
      deciding = Level.USER;
    }
    return new Resolution(merged.build().toMatrix(), deciding, List.copyOf(matchedGroups));
  }
}
