package dev.gatehouse.permissions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A deliberately naive restatement of the permission rules, written from the specification with
 * strings and maps only, to check the real implementation against in property tests. It shares
 * no code with {@code main}.
 */
public final class ReferenceModel {
  public static final List<String> RESOURCES =
      List.of("room", "storage", "comments", "comments:public", "comments:private", "feeds");

  private ReferenceModel() {}

  public static int rank(String level) {
    return switch (level) {
      case "none" -> 0;
      case "read" -> 1;
      case "write" -> 2;
      default -> throw new IllegalArgumentException(level);
    };
  }

  public static String strongest(String a, String b) {
    return rank(a) >= rank(b) ? a : b;
  }

  /** What one list sets explicitly, resource to level; visibilities take an explicit comments. */
  public static Map<String, String> explicit(List<String> list) {
    Map<String, String> set = new HashMap<>();
    for (String p : list) {
      switch (p) {
        case "*:read", "room:read" -> set.put("room", "read");
        case "*:write", "room:write" -> set.put("room", "write");
        case "room:presence:write" -> {}
        default -> set.put(p.substring(0, p.lastIndexOf(':')), p.substring(p.lastIndexOf(':') + 1));
      }
    }
    for (String visibility : List.of("comments:public", "comments:private")) {
      if (!set.containsKey(visibility) && set.containsKey("comments")) {
        set.put(visibility, set.get("comments"));
      }
    }
    return set;
  }

  /** Fills what is not explicit by inheritance; no base means no access at all. */
  public static Map<String, String> complete(Map<String, String> explicit) {
    Map<String, String> full = new LinkedHashMap<>();
    String base = explicit.get("room");
    if (base == null) {
      RESOURCES.forEach(r -> full.put(r, "none"));
      return full;
    }
    String comments = explicit.getOrDefault("comments", base);
    full.put("room", base);
    full.put("storage", explicit.getOrDefault("storage", base));
    full.put("comments", comments);
    full.put("comments:public", explicit.getOrDefault("comments:public", comments));
    full.put("comments:private", explicit.getOrDefault("comments:private", comments));
    full.put("feeds", explicit.getOrDefault("feeds", base));
    return full;
  }

  /** ID tokens: default, then the user's groups (strongest wins), then the user; later wins per resource. */
  public static Map<String, String> forUser(
      List<String> defaults,
      Map<String, List<String>> groups,
      Map<String, List<String>> users,
      String userId,
      Set<String> groupIds) {
    Map<String, String> merged = new HashMap<>(explicit(defaults));
    Map<String, String> fromGroups = new HashMap<>();
    groups.forEach((group, list) -> {
      if (groupIds.contains(group)) {
        explicit(list).forEach((resource, level) -> fromGroups.merge(resource, level, ReferenceModel::strongest));
      }
    });
    merged.putAll(fromGroups);
    if (users.containsKey(userId)) {
      merged.putAll(explicit(users.get(userId)));
    }
    return complete(merged);
  }

  public static boolean patternMatches(String pattern, String roomId) {
    return pattern.endsWith("*")
        ? roomId.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(roomId);
  }

  /** Access tokens: strongest base over matches; each feature from the longest matching stem. */
  public static Optional<Map<String, String>> forToken(Map<String, List<String>> permissions, String roomId) {
    Map<String, String> merged = new HashMap<>();
    Map<String, Integer> bestLength = new HashMap<>();
    boolean any = false;
    for (Map.Entry<String, List<String>> entry : permissions.entrySet()) {
      String pattern = entry.getKey();
      if (!patternMatches(pattern, roomId)) {
        continue;
      }
      any = true;
      int length = pattern.replace("*", "").length();
      for (Map.Entry<String, String> set : explicit(entry.getValue()).entrySet()) {
        String resource = set.getKey();
        if (resource.equals("room")) {
          merged.merge("room", set.getValue(), ReferenceModel::strongest);
        } else if (length > bestLength.getOrDefault(resource, -1)) {
          merged.put(resource, set.getValue());
          bestLength.put(resource, length);
        } else if (length == bestLength.get(resource)) {
          merged.merge(resource, set.getValue(), ReferenceModel::strongest);
        }
      }
    }
    return any ? Optional.of(complete(merged)) : Optional.empty();
  }

  /** Stream's multi-tenant grants for the global roles, restated. */
  public static boolean crossTeamGrant(String role, String action, boolean owner) {
    if (role.equals("global_admin")) {
      return true;
    }
    if (role.equals("global_moderator")) {
      return !action.equals("DELETE_ROOM") || owner;
    }
    return false;
  }

  /** The tenant and team rules: may this principal reach a room of {@code roomTenant} at all? */
  public static boolean reaches(
      String tokenTenant, Set<String> teams, String role, String action, String roomTenant, boolean owner, boolean multiTenant) {
    if (tokenTenant != null && !tokenTenant.equals(roomTenant)) {
      return false;
    }
    if (!multiTenant) {
      return tokenTenant != null || roomTenant.equals("default");
    }
    Set<String> memberOf = teams.isEmpty() ? Set.of("default") : teams;
    return memberOf.contains(roomTenant) || crossTeamGrant(role, action, owner);
  }

  public static boolean roleManages(String role, String action) {
    return switch (role) {
      case "admin", "global_admin" -> !action.equals("READ_ROOM") && !action.equals("CREATE_ROOM");
      case "global_moderator" -> action.equals("UPDATE_ROOM") || action.equals("UPDATE_ROOM_MEMBERS");
      default -> false;
    };
  }
}
