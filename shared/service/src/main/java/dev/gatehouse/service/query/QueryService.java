package dev.gatehouse.service.query;

import dev.gatehouse.store.RateLimits;
import dev.gatehouse.service.limits.Quotas;
import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.Caller;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantScope;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserListing;
import dev.gatehouse.store.UserPage;
import dev.gatehouse.store.UserRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Room and user queries with a filter, a sort and a cursor.
 *
 * <p>Server-side queries see everything. Client-side queries (an ID token) stay inside the
 * caller's reach, as Stream's multi-tenant mode does: unless the filter names the team field, the
 * caller's teams are injected ({@code {"team": {"$in": [...]}}}, {@code teams} for users; a token
 * that names a tenant narrows to it; a caller without teams gets the rooms and users without a
 * team). A filter that can reach teams the caller may not read is refused with 403 before
 * anything is read (unless the caller's role may read any team); rooms the caller may not read in
 * its own teams, and users it may not see, are left out.
 *
 * <p>Reads go through keys: a filter that pins the team reads those teams' partitions and merges
 * them; only an unpinned filter reads the all-rooms (or all-users) index.
 */
public final class QueryService {
  /** The team field of each kind of subject. */
  static final String ROOM_TEAM = "team";
  static final String USER_TEAMS = "teams";

  /** A parsed query. */
  public record Query(Filter filter, Ordering order, int limit, Optional<String> startingAfter) {
    public Query {
      if (limit < 1 || limit > 100) {
        throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "limit", "limit must be between 1 and 100; got " + limit,
            "Leave limit out for the default of 20.");
      }
    }
  }

  private final RoomRepository rooms;
  private final UserRepository users;
  private final AccessCheck access;
  private final Quotas quotas;

  public QueryService(RoomRepository rooms, UserRepository users, AccessCheck access, Quotas quotas) {
    this.rooms = rooms;
    this.users = users;
    this.access = access;
    this.quotas = quotas;
  }

  /** The caller of a client-side query (an ID token), asked before the body is read. */
  public Caller caller(String idToken) {
    return access.clientCaller(idToken);
  }

  /** Server-side: every room the filter matches. */
  public RoomPage rooms(Query query) {
    return rooms.list(roomListing(query.filter(), r -> query.filter().test(values(r)), query));
  }

  /** Server-side: every user the filter matches. */
  public UserPage users(Query query) {
    return users.list(userListing(query.filter(), u -> query.filter().test(values(u)), query));
  }

  /**
   * Client-side rooms, inside the caller's reach. Whether a query may run is decided before
   * anything is read, from the teams the filter can reach and the caller's scope alone, so no
   * answer depends on what another tenant holds: a filter that names the team must pin it to
   * teams in reach (any team at all only for a role that may read every team), else 403. Rooms
   * read are then kept only if the caller may read them.
   */
  public RoomPage roomsFor(Caller caller, Query query) {
    Filter filter;
    if (Filter.names(query.filter(), ROOM_TEAM)) {
      requireInScope(access.scope(caller, Action.READ_ROOM), pinnedTeams(query.filter(), ROOM_TEAM));
      filter = query.filter();
    } else {
      filter = new Filter.And(List.of(query.filter(), teamIn(ROOM_TEAM, ownReach(caller.principal(), caller.mode()))));
    }
    // Charged once the query may run, before anything is read.
    quotas.charge(Quotas.actingIn(caller), RateLimits.Bucket.CLIENT_QUERIES);
    Predicate<Room> visible = room -> filter.test(values(room))
        && access.allows(caller, Action.READ_ROOM, room.facts());
    return rooms.list(roomListing(filter, visible, query));
  }

  /** The teams a filter pins ({@code empty}: any team) must all be in the caller's scope. */
  private static void requireInScope(TenantScope scope, Optional<Set<String>> pinned) {
    if (scope.anyTenant()) {
      return;
    }
    if (pinned.isEmpty() || !scope.tenants().containsAll(tenants(pinned.get()))) {
      throw new ForbiddenException(ErrorCode.TEAM_ACCESS_DENIED,
          "The query can reach teams (or tenants) you cannot read.",
          "Leave the team out of the filter to search your own teams, or name only teams you belong to.");
    }
  }

  /**
   * Client-side users, leaving out those the caller may not see, and showing of each only the
   * teams (and per-team roles) the caller shares, which are also all the filter sees: a user's
   * membership elsewhere is that other tenant's business. With multi-tenant mode off, a token that names an organization sees only
   * that organization's users.
   */
  public UserPage usersFor(Caller caller, Query query) {
    quotas.charge(Quotas.actingIn(caller), RateLimits.Bucket.CLIENT_QUERIES);
    MultiTenantMode mode = caller.mode();
    Filter filter = mode == MultiTenantMode.OFF || Filter.names(query.filter(), USER_TEAMS)
        ? query.filter()
        : new Filter.And(List.of(query.filter(), teamIn(USER_TEAMS, ownReach(caller.principal(), mode))));
    Optional<TenantId> organization = mode == MultiTenantMode.OFF ? caller.principal().tokenTenant() : Optional.empty();
    TenantScope shared = organization.map(t -> new TenantScope(false, Set.of(t)))
        .orElseGet(() -> mode == MultiTenantMode.ON ? access.scope(caller, Action.SEARCH_USERS) : new TenantScope(true, Set.of()));
    // The filter sees the user as the caller will: a teams condition on a team out of reach must
    // not tell which of the caller's teammates belong to it.
    Predicate<User> visible = user -> filter.test(values(projected(user, shared)))
        && access.canSeeUser(caller, Set.copyOf(user.teams()))
        && organization.map(user.teams()::contains).orElse(true);
    UserPage page = users.list(userListing(filter, visible, query, shared));
    return new UserPage(page.users().stream().map(u -> projected(u, shared)).toList(), page.nextCursor());
  }

  /** The user with only the teams, and per-team roles, inside {@code scope}. */
  private static User projected(User user, TenantScope scope) {
    if (scope.anyTenant()) {
      return user;
    }
    List<TenantId> teams = user.teams().stream().filter(scope::includes).toList();
    Map<TenantId, Role> roles = new LinkedHashMap<>();
    user.teamsRole().forEach((team, role) -> {
      if (scope.includes(team)) {
        roles.put(team, role);
      }
    });
    return new User(user.id(), user.name(), user.role(), teams, roles, user.metadata(), user.createdAt(), user.updatedAt(),
        user.version(), user.lastEventAt());
  }

  /**
   * The teams injected into a filter that names none: the caller's own (narrowed by the token's
   * tenant), or the default tenant for a caller without teams. Cross-team grants are not used
   * here: they let a caller ask for other teams, not widen a default search.
   */
  static Set<TenantId> ownReach(Principal caller, MultiTenantMode mode) {
    if (mode == MultiTenantMode.OFF) {
      return Set.of(caller.tokenTenant().orElse(TenantId.DEFAULT));
    }
    Set<TenantId> teams = caller.teamsOrDefault();
    if (caller.tokenTenant().isPresent()) {
      return teams.contains(caller.tokenTenant().get()) ? Set.of(caller.tokenTenant().get()) : Set.of();
    }
    return teams;
  }

  /** {@code field $in teams}, with the default tenant written as "no team". */
  private static Filter teamIn(String field, Set<TenantId> teams) {
    List<String> named = new ArrayList<>();
    boolean none = false;
    for (TenantId team : teams) {
      if (team.isDefault()) {
        none = true;
      } else {
        named.add(team.value());
      }
    }
    List<Filter> any = new ArrayList<>();
    if (!named.isEmpty()) {
      any.add(new Filter.Compare(field, Filter.Op.IN, List.copyOf(named)));
    }
    if (none) {
      any.add(new Filter.NoValue(field));
    }
    return any.size() == 1 ? any.getFirst() : new Filter.Or(any);
  }

  /**
   * The teams a filter pins, each one partition to read: at most as many as a user may belong to,
   * so that one request never fans out into thousands of queries.
   */
  private static Optional<Set<String>> pinnedTeams(Filter filter, String field) {
    Optional<Set<String>> teams = Filter.limits(filter, field);
    if (teams.isPresent() && teams.get().size() > Limits.TEAMS_PER_USER_MAX) {
      throw new InvalidRequestException(ErrorCode.INVALID_FILTER,
          "Invalid filter: it names " + teams.get().size() + " teams; a query reads at most " + Limits.TEAMS_PER_USER_MAX + ".",
          "Query fewer teams at a time, or leave the team out of the filter to search your own teams.");
    }
    return teams;
  }

  private static RoomListing roomListing(Filter filter, Predicate<Room> keep, Query query) {
    Optional<Set<String>> teams = pinnedTeams(filter, ROOM_TEAM);
    RoomListing.Source source = teams.<RoomListing.Source>map(t -> new RoomListing.Tenants(tenants(t)))
        .orElseGet(RoomListing.AllRooms::new);
    return new RoomListing(source, keep, query.limit(), query.startingAfter(), query.order());
  }

  private static UserListing userListing(Filter filter, Predicate<User> keep, Query query) {
    return userListing(filter, keep, query, new TenantScope(true, Set.of()));
  }

  /**
   * A listing that reads only the partitions of teams in {@code reach}: the teams the filter pins
   * if they all are, else every team in reach (every visible user is a member of one). So a page
   * and its cursor, which is the position of the last user read, never depend on nor name a user
   * out of reach, however many such users the filter's own teams hold.
   */
  private static UserListing userListing(Filter filter, Predicate<User> keep, Query query, TenantScope reach) {
    Optional<Set<TenantId>> teams = pinnedTeams(filter, USER_TEAMS).map(QueryService::tenants);
    if (!reach.anyTenant() && (teams.isEmpty() || !reach.tenants().containsAll(teams.get()))) {
      teams = Optional.of(reach.tenants());
    }
    UserListing.Source source = teams.<UserListing.Source>map(UserListing.Teams::new).orElseGet(UserListing.AllUsers::new);
    return new UserListing(source, keep, query.limit(), query.startingAfter(), query.order());
  }

  private static Set<TenantId> tenants(Set<String> teams) {
    Set<TenantId> out = new LinkedHashSet<>();
    teams.forEach(t -> out.add(t.isEmpty() ? TenantId.DEFAULT : new TenantId(t)));
    return out;
  }

  /** A room's fields as the filter reads them. */
  static Function<String, Set<String>> values(Room room) {
    return field -> switch (field) {
      case "id" -> Set.of(room.id());
      case ROOM_TEAM -> room.tenant().isDefault() ? Set.of() : Set.of(room.tenant().value());
      case "createdAt" -> Set.of(room.createdAt().toString());
      default -> {
        Object value = field.startsWith("metadata.") ? room.metadata().get(field.substring("metadata.".length())) : null;
        if (value instanceof String s) {
          yield Set.of(s);
        }
        if (value instanceof List<?> list) {
          Set<String> all = new HashSet<>();
          list.forEach(v -> all.add(String.valueOf(v)));
          yield all;
        }
        yield Set.of();
      }
    };
  }

  /** A user's fields as the filter reads them. */
  static Function<String, Set<String>> values(User user) {
    return field -> switch (field) {
      case "id" -> Set.of(user.id());
      case "name" -> user.name().map(Set::of).orElse(Set.of());
      case USER_TEAMS -> {
        Set<String> teams = new LinkedHashSet<>();
        user.teams().forEach(t -> teams.add(t.value()));
        yield teams;
      }
      case "role" -> Set.of(user.role().wireName());
      case "createdAt" -> Set.of(user.createdAt().toString());
      default -> Set.of();
    };
  }
}
