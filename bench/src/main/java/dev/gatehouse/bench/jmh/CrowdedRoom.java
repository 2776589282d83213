package dev.gatehouse.bench.jmh;

import dev.gatehouse.permissions.RoomAccesses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worst room the limits allow for an ID-token check: 100 {@code usersAccesses} and 100
 * {@code groupsAccesses} entries (the maximum of each), {@code defaultAccesses: []} (private), so
 * every decision walks all group entries and ends on a user lookup. Callers carry 10 groups.
 */
final class CrowdedRoom {
  static final int ENTRIES = 100;
  static final int CALLER_GROUPS = 10;

  /** A mix of the permission lists rooms really carry, cycled over the entries. */
  private static final List<List<String>> USER_LISTS = List.of(
      List.of("room:write"), List.of("room:read", "room:presence:write"), List.of("*:read", "comments:write"),
      List.of("*:write", "storage:none"));
  private static final List<List<String>> GROUP_LISTS = List.of(
      List.of("room:read", "room:presence:write"), List.of("room:write", "comments:read"), List.of("*:read"));

  private CrowdedRoom() {}

  static String userId(int i) {
    return String.format("user-%03d@example.com", i);
  }

  static String groupId(int i) {
    return String.format("group-%03d", i);
  }

  /** The last user entry: the one a lookup in insertion order would find last. */
  static String lastListedUser() {
    return userId(ENTRIES - 1);
  }

  /** A user with no entry of their own. */
  static String unlistedUser() {
    return "nobody@example.com";
  }

  /** 100 user entries ending with {@code lastUser}, 100 group entries, no default access. */
  static RoomAccesses accesses(String lastUser) {
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (int i = 0; i < ENTRIES - 1; i++) {
      users.put(userId(i), USER_LISTS.get(i % USER_LISTS.size()));
    }
    users.put(lastUser, List.of("room:write", "comments:write"));
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      groups.put(groupId(i), GROUP_LISTS.get(i % GROUP_LISTS.size()));
    }
    return RoomAccesses.parse(List.of(), groups, users);
  }

  /** 10 groups that no entry of the room names (an IdP's groups are mostly unrelated to one room). */
  static List<String> unrelatedGroups() {
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < CALLER_GROUPS; i++) {
      groups.add("dept-" + i);
    }
    return groups;
  }

  /** 10 groups of which {@code matching} are room entries, the last entry among them. */
  static List<String> groupsMatching(int matching) {
    List<String> groups = new ArrayList<>(unrelatedGroups().subList(0, CALLER_GROUPS - matching));
    for (int i = 0; i < matching; i++) {
      groups.add(groupId(ENTRIES - 1 - i * 7));
    }
    return groups;
  }
}
