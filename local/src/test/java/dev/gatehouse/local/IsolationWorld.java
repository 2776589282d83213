package dev.gatehouse.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A generated world as the isolation properties see it: tenants, people, rooms, and the reach
 * rules of docs/permissions.md restated from the documentation (never by calling Gatehouse's own
 * decision code), so the test can say what a caller may reach without asking the server.
 */
final class IsolationWorld {
  static final String DEFAULT = "default";

  /** A user record (the server's), with a unique marker in its metadata. */
  record Person(String id, String name, List<String> teams, String role, Map<String, String> teamsRole, String marker) {
    Set<String> teamsOrDefault() {
      return teams.isEmpty() ? Set.of(DEFAULT) : new LinkedHashSet<>(teams);
    }

    boolean global() {
      return role.equals("global_moderator") || role.equals("global_admin");
    }
  }

  /** A room, with a unique marker in its metadata ({@code marker}). */
  record Room(String id, String tenant, List<String> defaults, Map<String, List<String>> groups,
      Map<String, List<String>> users, Map<String, Object> metadata, Optional<String> owner) {
    String marker() {
      return (String) metadata.get("marker");
    }
  }

  /** A token holder: an ID token (groups) or an access token (patterns). */
  record Caller(String label, String userId, boolean accessToken, Optional<String> tenant, List<String> groups,
      Map<String, List<String>> perms, String token) {
    @Override
    public String toString() {
      return label + "(" + userId + (accessToken ? " acc " + perms.keySet() : " id " + groups) + " @" + tenant.orElse("-") + ")";
    }
  }

  final boolean multiTenant;
  final List<String> tenants;
  final Map<String, Person> people;
  final Map<String, Room> rooms;

  IsolationWorld(boolean multiTenant, List<String> tenants, Map<String, Person> people, Map<String, Room> rooms) {
    this.multiTenant = multiTenant;
    this.tenants = List.copyOf(tenants);
    this.people = new LinkedHashMap<>(people);
    this.rooms = new LinkedHashMap<>(rooms);
  }

  IsolationWorld copy() {
    return new IsolationWorld(multiTenant, tenants, people, rooms);
  }

  Person person(Caller caller) {
    return people.get(caller.userId());
  }

  /** Every tenant name of the world, the default tenant included. */
  List<String> allTenants() {
    List<String> all = new ArrayList<>(tenants);
    all.add(DEFAULT);
    return all;
  }

  // ---- Rooms: the tenant and team gates, then the room's accesses or the token's patterns.

  /**
   * Whether the caller reaches rooms of {@code tenant} at all: the token's tenant narrows; with
   * multi-tenant mode off a token without one reaches only the default tenant; with it on, the
   * room's team must be one of the user's (no teams: the default tenant) unless their own role is
   * global (read-channel-any-team, which every other cross-team grant is narrower than).
   */
  boolean reaches(Caller caller, String tenant) {
    if (caller.tenant().isPresent() && !caller.tenant().get().equals(tenant)) {
      return false;
    }
    if (!multiTenant) {
      return caller.tenant().isPresent() || tenant.equals(DEFAULT);
    }
    Person p = person(caller);
    return p.teamsOrDefault().contains(tenant) || p.global();
  }

  /** The room level an ID token's user gets from the accesses: their entry, else their groups' best, else the default. */
  static String level(Room room, String userId, List<String> groups) {
    if (room.users().containsKey(userId)) {
      return base(room.users().get(userId));
    }
    String best = "none";
    boolean anyGroup = false;
    for (String g : groups) {
      if (room.groups().containsKey(g)) {
        anyGroup = true;
        best = max(best, base(room.groups().get(g)));
      }
    }
    return anyGroup ? best : base(room.defaults());
  }

  static String base(List<String> permissions) {
    for (String p : permissions) {
      if (p.equals("*:write") || p.equals("room:write")) {
        return "write";
      }
      if (p.equals("*:read") || p.equals("room:read")) {
        return "read";
      }
    }
    return "none";
  }

  static String max(String a, String b) {
    List<String> order = List.of("none", "read", "write");
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  boolean readable(Caller caller, Room room) {
    return reaches(caller, room.tenant()) && !level(room, caller.userId(), caller.groups()).equals("none");
  }

  /** What authorize-connection grants (the room level), or empty for a denial. */
  Optional<String> connection(Caller caller, String roomId) {
    Room holder = rooms.get(roomId);
    if (caller.accessToken()) {
      String tenant = holder != null ? holder.tenant() : caller.tenant().orElse(DEFAULT);
      if (!reaches(caller, tenant)) {
        return Optional.empty();
      }
      String best = "none";
      for (Map.Entry<String, List<String>> pattern : caller.perms().entrySet()) {
        String p = pattern.getKey();
        boolean match = p.endsWith("*") ? roomId.startsWith(p.substring(0, p.length() - 1)) : p.equals(roomId);
        if (match) {
          best = max(best, base(pattern.getValue()));
        }
      }
      return best.equals("none") ? Optional.empty() : Optional.of(best);
    }
    String tenant;
    Room room;
    if (caller.tenant().isPresent() || !multiTenant) {
      tenant = caller.tenant().orElse(DEFAULT);
      room = holder != null && holder.tenant().equals(tenant) ? holder : null;
    } else {
      room = holder;
      tenant = holder != null ? holder.tenant() : DEFAULT;
    }
    if (!reaches(caller, tenant) || room == null) {
      return Optional.empty();
    }
    String level = level(room, caller.userId(), caller.groups());
    return level.equals("none") ? Optional.empty() : Optional.of(level);
  }

  /** The teams a client query is narrowed to when its filter names none: the caller's own, narrowed by the token. */
  Set<String> ownReach(Caller caller) {
    if (!multiTenant) {
      return Set.of(caller.tenant().orElse(DEFAULT));
    }
    Set<String> own = person(caller).teamsOrDefault();
    if (caller.tenant().isPresent()) {
      return own.contains(caller.tenant().get()) ? Set.of(caller.tenant().get()) : Set.of();
    }
    return own;
  }

  // ---- Users: who is visible, and which of their teams are shown.

  /**
   * The tenants whose memberships a caller may see (empty: every tenant). Multi-tenant mode off:
   * the token's tenant, or (as documented in the user-visibility decision table) every tenant for a
   * token without one. On: search-user-any-team for global roles, else the user's teams (or the
   * default tenant), narrowed by the token's tenant.
   */
  Optional<Set<String>> userScope(Caller caller) {
    if (!multiTenant) {
      return caller.tenant().map(Set::of);
    }
    Person p = person(caller);
    if (caller.tenant().isPresent()) {
      String t = caller.tenant().get();
      return Optional.of(p.global() || p.teamsOrDefault().contains(t) ? Set.of(t) : Set.of());
    }
    return p.global() ? Optional.empty() : Optional.of(p.teamsOrDefault());
  }

  boolean visible(Caller caller, Person user) {
    Optional<Set<String>> scope = userScope(caller);
    if (scope.isEmpty()) {
      return true;
    }
    if (user.teams().isEmpty()) {
      return multiTenant && scope.get().contains(DEFAULT);
    }
    return user.teams().stream().anyMatch(scope.get()::contains);
  }

  /** The user's teams a caller is shown. */
  List<String> shownTeams(Caller caller, Person user) {
    Optional<Set<String>> scope = userScope(caller);
    return scope.map(s -> user.teams().stream().filter(s::contains).toList()).orElse(user.teams());
  }

  /** The user as the caller is shown them (and as their filter sees them): only the teams in reach. */
  Person shown(Caller caller, Person user) {
    return new Person(user.id(), user.name(), shownTeams(caller, user), user.role(), user.teamsRole(), user.marker());
  }

  // ---- Filters, evaluated on the model (the query language of the client routes).

  static Function<String, Set<String>> values(Room room) {
    return field -> switch (field) {
      case "id" -> Set.of(room.id());
      case "team" -> room.tenant().equals(DEFAULT) ? Set.of() : Set.of(room.tenant());
      default -> {
        Object v = field.startsWith("metadata.") ? room.metadata().get(field.substring("metadata.".length())) : null;
        if (v instanceof String s) {
          yield Set.of(s);
        }
        if (v instanceof List<?> list) {
          Set<String> all = new LinkedHashSet<>();
          list.forEach(x -> all.add((String) x));
          yield all;
        }
        yield Set.of();
      }
    };
  }

  static Function<String, Set<String>> values(Person user) {
    return field -> switch (field) {
      case "id" -> Set.of(user.id());
      case "name" -> Set.of(user.name());
      case "teams" -> new LinkedHashSet<>(user.teams());
      case "role" -> Set.of(user.role());
      default -> Set.of();
    };
  }

  @SuppressWarnings("unchecked")
  static boolean matches(Map<String, Object> filter, Function<String, Set<String>> values) {
    for (Map.Entry<String, Object> e : filter.entrySet()) {
      boolean ok = switch (e.getKey()) {
        case "$and" -> ((List<Map<String, Object>>) e.getValue()).stream().allMatch(f -> matches(f, values));
        case "$or" -> ((List<Map<String, Object>>) e.getValue()).stream().anyMatch(f -> matches(f, values));
        default -> condition(values.apply(e.getKey().equals("organizationId") ? "team" : e.getKey()), e.getValue());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static boolean condition(Set<String> actual, Object condition) {
    if (condition == null) {
      return actual.isEmpty();
    }
    if (condition instanceof String s) {
      return actual.contains(s);
    }
    for (Map.Entry<String, Object> op : ((Map<String, Object>) condition).entrySet()) {
      Object v = op.getValue();
      boolean ok = switch (op.getKey()) {
        case "$eq" -> v == null ? actual.isEmpty() : actual.contains((String) v);
        case "$ne" -> !actual.contains((String) v);
        case "$in" -> ((List<String>) v).stream().anyMatch(actual::contains);
        case "$nin" -> ((List<String>) v).stream().noneMatch(actual::contains);
        case "$exists" -> !actual.isEmpty() == (Boolean) v;
        case "$autocomplete" -> actual.stream().anyMatch(a -> autocompletes(a, (String) v));
        default -> throw new IllegalArgumentException("not generated: " + op.getKey());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean autocompletes(String value, String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    String v = value.toLowerCase(Locale.ROOT);
    if (v.startsWith(p)) {
      return true;
    }
    for (String word : v.split("\\s+")) {
      if (word.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the filter mentions {@code field} anywhere ({@code organizationId} is the room team's alias). */
  @SuppressWarnings("unchecked")
  static boolean names(Map<String, Object> filter, String field) {
    for (Map.Entry<String, Object> e : filter.entrySet()) {
      if (e.getKey().equals("$and") || e.getKey().equals("$or")) {
        if (((List<Map<String, Object>>) e.getValue()).stream().anyMatch(f -> names(f, field))) {
          return true;
        }
      } else if (e.getKey().equals(field) || field.equals("team") && e.getKey().equals("organizationId")) {
        return true;
      }
    }
    return false;
  }
}
