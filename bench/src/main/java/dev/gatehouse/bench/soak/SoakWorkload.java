package dev.gatehouse.bench.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The soak's mix: requests that resemble real use across several tenants in multi-tenant mode,
 * with a steady share of input that can never succeed.
 *
 * <p>Every request knows the one status it must get. That holds under concurrency because what a
 * request changes belongs to one worker: each worker owns its room and user slots (recycled:
 * created, changed, deleted, created again), and the stable users and static rooms every worker
 * reads are written once, at setup. So the store's working set is bounded: {@link #TENANTS} ×
 * ({@link #STABLE_USERS} users + {@link #STATIC_ROOMS} rooms) + per worker {@link #ROOM_SLOTS}
 * rooms and {@link #USER_SLOTS} users at most.
 */
final class SoakWorkload {
  static final int TENANTS = 6;
  static final int STABLE_USERS = 8;
  static final int STATIC_ROOMS = 6;
  static final int ROOM_SLOTS = 24;
  static final int USER_SLOTS = 8;
  static final String READERS = "readers";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The mix, in parts per thousand; the kinds a worker draws from. */
  static final Map<String, Integer> WEIGHTS = weights();

  private static Map<String, Integer> weights() {
    Map<String, Integer> w = new LinkedHashMap<>();
    // Tokens: minted at login, checked on every connection; the keys that verify them.
    w.put("identify-user", 80);
    w.put("authorize-user", 50);
    w.put("authorize-connection.id", 125);
    w.put("authorize-connection.access", 40);
    w.put("jwks", 10);
    // Server-side rooms: a worker's own, recycled.
    w.put("room.get", 70);
    w.put("room.create", 35);
    w.put("room.update", 40);
    w.put("room.upsert", 30);
    w.put("room.delete", 30);
    // Listing and querying a tenant's rooms; the next page with the cursor a previous page gave.
    w.put("room.list.org", 25);
    w.put("room.list.next", 15);
    w.put("room.list.user", 20);
    w.put("room.query", 30);
    w.put("room.query.next", 10);
    // One hot room per tenant that every worker writes at once: metadata, members, upserts.
    w.put("room.update.hot", 15);
    w.put("room.members.hot", 10);
    w.put("room.upsert.hot", 5);
    // Server-side users: a worker's own, recycled; the stable users' metadata, by every worker at once.
    w.put("user.upsert", 25);
    w.put("user.get", 35);
    w.put("user.update", 15);
    w.put("user.delete", 10);
    w.put("user.query", 25);
    w.put("user.update.hot", 10);
    w.put("settings.get", 5);
    // Client routes, with a user's ID token; a browser's CORS preflight before them.
    w.put("c.rooms.query", 30);
    w.put("c.users.query", 20);
    w.put("c.room.create", 20);
    w.put("c.room.update", 20);
    w.put("c.room.delete", 15);
    w.put("c.room.update.hot", 5);
    w.put("cors.preflight", 5);
    // Input that can never succeed (expected 4xx), 10 % of the mix.
    for (String bad : List.of("bad.json", "bad.no-key", "bad.wrong-key", "bad.route", "bad.room-id", "bad.metadata",
        "bad.permission", "bad.missing-field", "bad.filter", "bad.limit", "bad.cursor", "bad.token", "bad.cross-tenant",
        "bad.client-all-teams", "bad.client-secret-key", "bad.missing-room", "bad.reserved-team", "bad.no-pattern",
        "bad.client-no-token", "bad.long-user-id")) {
      w.put(bad, 5);
    }
    return Map.copyOf(w).entrySet().stream().sorted(Map.Entry.comparingByKey())
        .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
  }

  private final String secret;
  private final AtomicReferenceArray<String> idTokens = new AtomicReferenceArray<>(TENANTS * STABLE_USERS);
  private final AtomicReferenceArray<String> accessTokens = new AtomicReferenceArray<>(TENANTS * STABLE_USERS);
  private final String[] kinds;
  private final int[] cumulative;
  private final int totalWeight;

  SoakWorkload(String secret) {
    this.secret = secret;
    kinds = WEIGHTS.keySet().toArray(String[]::new);
    cumulative = new int[kinds.length];
    int sum = 0;
    for (int i = 0; i < kinds.length; i++) {
      sum += WEIGHTS.get(kinds[i]);
      cumulative[i] = sum;
    }
    totalWeight = sum;
  }

  static String tenant(int k) {
    return "soak-t" + k;
  }

  static String stableUser(int k, int j) {
    return "soak-t" + k + "-u" + j;
  }

  static String staticRoom(int k, int i) {
    return "soak-t" + k + "-static-" + i;
  }

  /** The room of tenant k that every worker writes at once (metadata and members, never its readers' access). */
  static String hotRoom(int k) {
    return "soak-t" + k + "-hot";
  }

  /**
   * The metadata key and guest a worker writes on a hot room or a stable user: one each per
   * worker up to 16, so the room's metadata and entries stay within their limits at any concurrency.
   */
  static int lane(int worker) {
    return worker % 16;
  }

  /** Odd stable users are in the readers group their ID tokens carry; user 0 of each tenant is its admin. */
  static List<String> groups(int j) {
    return j % 2 == 1 ? List.of(READERS) : List.of();
  }

  /** What an ID token of stable user j in tenant k gets in static room i of the same tenant: write, read, or none (403). */
  static String expectedRoomAccess(int j, int i) {
    if (j == i % STABLE_USERS) {
      return "write";
    }
    return j % 2 == 1 ? "read" : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Setup: written once, before the measured windows; never changed after.
  // ---------------------------------------------------------------------------------------------

  /** The setup requests, in order: multi-tenant mode, the stable users, the static rooms, a token of each kind per user. */
  List<Call> setup() {
    List<Call> calls = new ArrayList<>();
    calls.add(server("setup.settings", "POST", "/v2/settings", Map.of("multiTenantEnabled", true), 200,
        b -> b.path("multiTenantEnabled").asBoolean() ? null : "multiTenantEnabled is not true"));
    for (int k = 0; k < TENANTS; k++) {
      List<Map<String, Object>> users = new ArrayList<>();
      for (int j = 0; j < STABLE_USERS; j++) {
        users.add(Map.of("id", stableUser(k, j), "name", "Stable " + j, "teams", List.of(tenant(k)),
            "role", j == 0 ? "admin" : "user"));
      }
      int expected = users.size();
      calls.add(server("setup.users", "POST", "/v2/users", Map.of("users", users), 200,
          b -> b.path("users").size() == expected && b.path("notWritten").isEmpty() ? null : "not every user written"));
      for (int i = 0; i < STATIC_ROOMS; i++) {
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("id", staticRoom(k, i));
        room.put("defaultAccesses", List.of());
        room.put("usersAccesses", Map.of(stableUser(k, i % STABLE_USERS), List.of("room:write")));
        room.put("groupsAccesses", Map.of(READERS, List.of("room:read", "room:presence:write")));
        room.put("metadata", Map.of("kind", "doc"));
        room.put("organizationId", tenant(k));
        calls.add(server("setup.rooms", "POST", "/v2/rooms", room, 200, roomCheck(staticRoom(k, i), tenant(k))));
      }
      Map<String, Object> hot = new LinkedHashMap<>();
      hot.put("id", hotRoom(k));
      hot.put("defaultAccesses", List.of());
      hot.put("groupsAccesses", Map.of(READERS, List.of("room:read", "room:presence:write")));
      hot.put("metadata", Map.of("kind", "chat"));
      hot.put("organizationId", tenant(k));
      calls.add(server("setup.rooms", "POST", "/v2/rooms", hot, 200, roomCheck(hotRoom(k), tenant(k))));
      for (int j = 0; j < STABLE_USERS; j++) {
        calls.add(identifyUser(k, j, "setup.identify-user"));
        calls.add(authorizeUser(k, j, "setup.authorize-user"));
      }
    }
    return calls;
  }

  // ---------------------------------------------------------------------------------------------
  // The mix
  // ---------------------------------------------------------------------------------------------

  enum State { ABSENT, PRESENT, UNKNOWN }

  /** A worker's own slots, its random source and a counter; used by one thread only. */
  final class Worker {
    private final int id;
    private final SplittableRandom random;
    private final State[] rooms = new State[ROOM_SLOTS];
    private final State[] users = new State[USER_SLOTS];
    // The nextCursor of this worker's last page per tenant: the next page asked for later, after other writes.
    private final String[] listCursors = new String[TENANTS];
    private final String[] queryCursors = new String[TENANTS];
    private long n;

    Worker(int id, long seed) {
      this.id = id;
      this.random = new SplittableRandom(seed * 1_000_003L + id);
      java.util.Arrays.fill(rooms, State.ABSENT);
      java.util.Arrays.fill(users, State.ABSENT);
    }

    /** The next request, drawn from the mix. */
    Call next() {
      n++;
      int draw = random.nextInt(totalWeight);
      int index = 0;
      while (cumulative[index] <= draw) {
        index++;
      }
      return call(kinds[index]);
    }

    Call call(String kind) {
      int k = random.nextInt(TENANTS);
      int j = random.nextInt(STABLE_USERS);
      if (kind.endsWith(".hot")) {
        return hotCall(kind, k, j);
      }
      if (kind.startsWith("room.") && !kind.startsWith("room.list") && !kind.startsWith("room.query") || kind.startsWith("c.room.")) {
        return roomCall(kind, random.nextInt(ROOM_SLOTS));
      }
      if (kind.startsWith("user.") && !kind.equals("user.query")) {
        return userCall(kind, random.nextInt(USER_SLOTS));
      }
      return switch (kind) {
        case "identify-user" -> identifyUser(k, j, kind);
        case "authorize-user" -> authorizeUser(k, j, kind);
        case "authorize-connection.id" -> {
          int i = random.nextInt(STATIC_ROOMS);
          String access = expectedRoomAccess(j, i);
          Map<String, Object> body = Map.of("token", idTokens.get(k * STABLE_USERS + j), "roomId", staticRoom(k, i));
          yield access == null
              ? serverRefused(kind, "POST", "/v2/authorize-connection", body, 403, "ROOM_ACCESS_DENIED")
              : server(kind, "POST", "/v2/authorize-connection", body, 200, connectionCheck(stableUser(k, j), access));
        }
        case "authorize-connection.access" -> server(kind, "POST", "/v2/authorize-connection",
            Map.of("token", accessTokens.get(k * STABLE_USERS + j), "roomId", staticRoom(k, random.nextInt(STATIC_ROOMS))),
            200, connectionCheck(stableUser(k, j), "read"));
        case "room.list.org" -> {
          listCursors[k] = null;
          int limit = random.nextBoolean() ? 5 : 20;
          yield server(kind, "GET", "/v2/rooms?organizationId=" + tenant(k) + "&limit=" + limit, null, 200,
              keepCursor(listCursors, k, page(limit, inTenant(k))));
        }
        case "room.list.next" -> {
          String cursor = listCursors[k];
          listCursors[k] = null;
          yield server(kind, "GET", "/v2/rooms?organizationId=" + tenant(k) + "&limit=5"
                  + (cursor == null ? "" : "&startingAfter=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)),
              null, 200, keepCursor(listCursors, k, page(5, inTenant(k))));
        }
        case "room.list.user" -> {
          String user = stableUser(k, j);
          yield server(kind, "GET", "/v2/rooms?userId=" + user + "&limit=20", null, 200,
              page(20, r -> r.path("usersAccesses").has(user) ? null : "a room without the user's entry"));
        }
        case "room.query", "room.query.next" -> {
          String cursor = kind.equals("room.query.next") ? queryCursors[k] : null;
          queryCursors[k] = null;
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("filter", Map.of("team", tenant(k), "metadata.kind", "doc"));
          body.put("limit", 5);
          if (cursor != null) {
            body.put("startingAfter", cursor);
          }
          yield server(kind, "POST", "/v2/rooms/query", body, 200, keepCursor(queryCursors, k, page(5,
              r -> tenant(k).equals(r.path("organizationId").asText()) && "doc".equals(r.path("metadata").path("kind").asText())
                  ? null : "a room outside the filter")));
        }
        case "jwks" -> new Call(kind, "GET", "/.well-known/jwks.json", null, null, 200, null,
            b -> b.path("keys").isArray() && !b.path("keys").isEmpty() && b.path("keys").get(0).has("kid") ? null : "no keys",
            Call.NOTHING);
        case "settings.get" -> server(kind, "GET", "/v2/settings", null, 200,
            b -> b.path("multiTenantEnabled").asBoolean() ? null : "multi-tenant mode is off");
        case "cors.preflight" -> new Call(kind, "OPTIONS", "/v2/c/rooms/query", null, null, 204, null, null, Call.NOTHING,
            Map.of("Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type"));
        case "user.query" -> server(kind, "POST", "/v2/users/query",
            Map.of("filter", Map.of("teams", Map.of("$in", List.of(tenant(k)))), "limit", 20), 200,
            nonEmptyPage(20, u -> hasTeam(u, tenant(k))));
        case "c.rooms.query" -> client(kind, k, j, "POST", "/v2/c/rooms/query",
            random.nextBoolean() ? Map.of("filter", Map.of()) : Map.of("filter", Map.of("metadata.kind", "doc")), 200,
            page(100, r -> tenant(k).equals(r.path("organizationId").asText()) ? null : "a room of another tenant"));
        case "c.users.query" -> client(kind, k, j, "POST", "/v2/c/users/query", Map.of("filter", Map.of()), 200,
            nonEmptyPage(100, u -> hasTeam(u, tenant(k))));
        default -> bad(kind, k, j);
      };
    }

    /** Writes that every worker makes at once to the same room or user: each must get its 200, whoever else writes. */
    private Call hotCall(String kind, int k, int j) {
      String room = hotRoom(k);
      String rev = String.valueOf(n);
      String key = "w" + lane(id);
      return switch (kind) {
        case "room.update.hot" -> server(kind, "POST", "/v2/rooms/" + room, Map.of("metadata", Map.of(key, rev)), 200,
            roomCheck(room, tenant(k)));
        case "room.members.hot" -> {
          // A guest entry per lane, added or removed: index entries written under contention.
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("soak-guest-" + lane(id), random.nextBoolean() ? List.of("room:read") : null);
          yield server(kind, "POST", "/v2/rooms/" + room, Map.of("usersAccesses", entry), 200, roomCheck(room, tenant(k)));
        }
        case "room.upsert.hot" -> server(kind, "POST", "/v2/rooms/" + room + "/upsert", Map.of(
            "update", Map.of("metadata", Map.of(key, rev)),
            "create", Map.of("defaultAccesses", List.of(), "organizationId", tenant(k))), 200, roomCheck(room, tenant(k)));
        case "c.room.update.hot" -> client(kind, k, 0, "POST", "/v2/c/rooms/" + room, Map.of("metadata", Map.of(key, rev)), 200,
            roomCheck(room, tenant(k)));
        case "user.update.hot" -> {
          String user = stableUser(k, j);
          yield server(kind, "PATCH", "/v2/users", Map.of("users", List.of(Map.of("id", user, "set",
              Map.of("metadata", Map.of(key, rev))))), 200,
              b -> user.equals(b.path("users").path(user).path("id").asText()) ? hasTeam(b.path("users").path(user), tenant(k))
                  : "the user not written");
        }
        default -> throw new IllegalArgumentException(kind);
      };
    }

    private Call roomCall(String kind, int slot) {
      // A third of the ids look like apps name rooms ("org:doc/page", spaces, accents): sent percent-encoded.
      String id = slot % 3 == 0 ? "soak:w" + this.id + "/r" + slot + " é" : "soak-w" + this.id + "-r" + slot;
      String path = segment(id);
      int k = (this.id * ROOM_SLOTS + slot) % TENANTS;
      String tenant = tenant(k);
      int member = slot % STABLE_USERS;
      State state = rooms[slot];
      if (state == State.UNKNOWN) {
        // An unexpected answer left the room's state unknown: a delete (204 either way) settles it.
        kind = "room.delete";
      }
      boolean present = state == State.PRESENT;
      String rev = String.valueOf(n);
      return switch (kind) {
        case "room.create" -> present
            ? serverRefused(kind, "POST", "/v2/rooms", roomBody(id, k, slot), 409, "ROOM_ALREADY_EXISTS", roomSettle(slot, State.PRESENT))
            : server(kind, "POST", "/v2/rooms", roomBody(id, k, slot), 200, roomCheck(id, tenant), roomSettle(slot, State.PRESENT));
        case "room.get" -> present
            ? server(kind, "GET", "/v2/rooms/" + path, null, 200, roomCheck(id, tenant), roomSettle(slot, State.PRESENT))
            : serverRefused(kind, "GET", "/v2/rooms/" + path, null, 404, "ROOM_NOT_FOUND", roomSettle(slot, State.ABSENT));
        case "room.update" -> present
            ? server(kind, "POST", "/v2/rooms/" + path, Map.of("metadata", Map.of("rev", rev)), 200,
                both(roomCheck(id, tenant), revCheck(rev)), roomSettle(slot, State.PRESENT))
            : serverRefused(kind, "POST", "/v2/rooms/" + path, Map.of("metadata", Map.of("rev", rev)), 404, "ROOM_NOT_FOUND",
                roomSettle(slot, State.ABSENT));
        case "room.upsert" -> {
          Map<String, Object> create = new LinkedHashMap<>(roomBody(id, k, slot));
          create.remove("id");
          yield server(kind, "POST", "/v2/rooms/" + path + "/upsert", Map.of("update", Map.of("metadata", Map.of("rev", rev)),
              "create", create), 200, both(roomCheck(id, tenant), revCheck(rev)), roomSettle(slot, State.PRESENT));
        }
        case "room.delete" -> server(kind, "DELETE", "/v2/rooms/" + path, null, 204, null, roomSettle(slot, State.ABSENT));
        case "c.room.create" -> {
          Map<String, Object> body = Map.of("id", id, "team", tenant, "metadata", Map.of("kind", kindOf(slot)));
          yield present
              ? clientRefused(kind, k, member, "POST", "/v2/c/rooms", body, 409, "ROOM_ALREADY_EXISTS", roomSettle(slot, State.PRESENT))
              : client(kind, k, member, "POST", "/v2/c/rooms", body, 200,
                  both(roomCheck(id, tenant), r -> r.path("usersAccesses").has(stableUser(k, member)) ? null : "no entry for the creator"),
                  roomSettle(slot, State.PRESENT));
        }
        case "c.room.update" -> present
            ? client(kind, k, 0, "POST", "/v2/c/rooms/" + path, Map.of("metadata", Map.of("rev", rev)), 200, roomCheck(id, tenant),
                roomSettle(slot, State.PRESENT))
            : clientRefused(kind, k, 0, "POST", "/v2/c/rooms/" + path, Map.of("metadata", Map.of("rev", rev)), 404, "ROOM_NOT_FOUND",
                roomSettle(slot, State.ABSENT));
        case "c.room.delete" -> present
            ? client(kind, k, 0, "DELETE", "/v2/c/rooms/" + path, null, 204, null, roomSettle(slot, State.ABSENT))
            : clientRefused(kind, k, 0, "DELETE", "/v2/c/rooms/" + path, null, 404, "ROOM_NOT_FOUND", roomSettle(slot, State.ABSENT));
        default -> throw new IllegalArgumentException(kind);
      };
    }

    private java.util.function.Consumer<Boolean> roomSettle(int slot, State after) {
      return ok -> rooms[slot] = ok ? after : State.UNKNOWN;
    }

    private Call userCall(String kind, int slot) {
      String id = "soak-w" + this.id + "-u" + slot + "@example.com";
      String path = segment(id);
      String tenant = tenant((this.id * USER_SLOTS + slot) % TENANTS);
      State state = users[slot];
      if (state == State.UNKNOWN) {
        kind = "user.delete";
      }
      boolean present = state == State.PRESENT;
      return switch (kind) {
        case "user.upsert" -> {
          Map<String, Object> user = Map.of("id", id, "name", "Soak " + n, "teams", List.of(tenant),
              "metadata", Map.of("plan", random.nextBoolean() ? "free" : "team"));
          yield server(kind, "POST", "/v2/users", Map.of("users", List.of(user)), 200,
              b -> id.equals(b.path("users").path(id).path("id").asText()) && b.path("notWritten").isEmpty() ? null : "the user not written",
              userSettle(slot, State.PRESENT));
        }
        case "user.get" -> present
            ? server(kind, "GET", "/v2/users/" + path, null, 200, u -> id.equals(u.path("id").asText()) ? hasTeam(u, tenant) : "another user",
                userSettle(slot, State.PRESENT))
            : serverRefused(kind, "GET", "/v2/users/" + path, null, 404, "USER_NOT_FOUND", userSettle(slot, State.ABSENT));
        case "user.update" -> {
          Map<String, Object> body = Map.of("users", List.of(Map.of("id", id, "set", Map.of("metadata", Map.of("plan", "pro")))));
          yield present
              ? server(kind, "PATCH", "/v2/users", body, 200,
                  b -> "pro".equals(b.path("users").path(id).path("metadata").path("plan").asText()) ? null : "metadata not updated",
                  userSettle(slot, State.PRESENT))
              : serverRefused(kind, "PATCH", "/v2/users", body, 404, "USER_NOT_FOUND", userSettle(slot, State.ABSENT));
        }
        case "user.delete" -> server(kind, "DELETE", "/v2/users/" + path, null, 204, null, userSettle(slot, State.ABSENT));
        default -> throw new IllegalArgumentException(kind);
      };
    }

    private java.util.function.Consumer<Boolean> userSettle(int slot, State after) {
      return ok -> users[slot] = ok ? after : State.UNKNOWN;
    }

    /** Input that can never succeed, each with its one 4xx and error code. */
    private Call bad(String kind, int k, int j) {
      Map<String, Object> room = Map.of("id", "soak-bad-" + n, "defaultAccesses", List.of());
      return switch (kind) {
        case "bad.json" -> raw(kind, "POST", "/v2/rooms", "Bearer " + secret, "{\"id\": \"soak-bad\", ", 400, "INVALID_JSON");
        case "bad.no-key" -> raw(kind, "POST", "/v2/rooms", null, json(room), 401, "MISSING_SECRET_KEY");
        case "bad.wrong-key" -> raw(kind, "POST", "/v2/rooms", "Bearer sk_soak_wrong_0123456789abcdef", json(room), 403,
            "INVALID_SECRET_KEY");
        case "bad.route" -> serverRefused(kind, "GET", "/v2/roomz/" + n, null, 404, "ROUTE_NOT_FOUND");
        case "bad.room-id" -> serverRefused(kind, "GET", "/v2/rooms/" + "r".repeat(129), null, 422, "INVALID_ROOM_ID");
        case "bad.metadata" -> serverRefused(kind, "POST", "/v2/rooms", Map.of("id", "soak-bad-" + n, "defaultAccesses", List.of(),
            "metadata", Map.of("count", 3)), 422, "INVALID_METADATA");
        case "bad.permission" -> serverRefused(kind, "POST", "/v2/rooms", Map.of("id", "soak-bad-" + n,
            "defaultAccesses", List.of("room:fly")), 422, "INVALID_PERMISSION");
        case "bad.missing-field" -> serverRefused(kind, "POST", "/v2/identify-user", Map.of("groupIds", List.of()), 422, "MISSING_FIELD");
        case "bad.filter" -> serverRefused(kind, "POST", "/v2/rooms/query", Map.of("filter", Map.of("$bogus", 1)), 400, "INVALID_FILTER");
        case "bad.limit" -> serverRefused(kind, "GET", "/v2/rooms?organizationId=" + tenant(k) + "&limit=0", null, 422, "INVALID_LIMIT");
        case "bad.cursor" -> serverRefused(kind, "GET", "/v2/rooms?startingAfter=AAAA" + (n % 10), null, 400, "INVALID_CURSOR");
        case "bad.token" -> serverRefused(kind, "POST", "/v2/authorize-connection", Map.of("token", "not.a.token" + n,
            "roomId", staticRoom(k, 0)), 401, "INVALID_TOKEN");
        case "bad.cross-tenant" -> serverRefused(kind, "POST", "/v2/authorize-connection", Map.of("token", idTokens.get(k * STABLE_USERS + j),
            "roomId", staticRoom((k + 1) % TENANTS, j % STATIC_ROOMS)), 403, "ROOM_ACCESS_DENIED");
        case "bad.no-pattern" -> serverRefused(kind, "POST", "/v2/authorize-connection", Map.of("token", accessTokens.get(k * STABLE_USERS + j),
            "roomId", staticRoom((k + 1) % TENANTS, 0)), 403, "ROOM_ACCESS_DENIED");
        case "bad.client-all-teams" -> clientRefused(kind, k, 1 + random.nextInt(STABLE_USERS - 1), "POST", "/v2/c/rooms/query",
            Map.of("filter", Map.of("team", Map.of())), 403, "TEAM_ACCESS_DENIED", Call.NOTHING);
        case "bad.client-secret-key" -> raw(kind, "POST", "/v2/c/rooms/query", "Bearer " + secret, "{\"filter\": {}}", 401,
            "WRONG_KEY_USED");
        case "bad.client-no-token" -> raw(kind, "POST", "/v2/c/users/query", null, "{\"filter\": {}}", 401, "MISSING_TOKEN");
        case "bad.missing-room" -> serverRefused(kind, "GET", "/v2/rooms/soak-never-" + n, null, 404, "ROOM_NOT_FOUND");
        case "bad.reserved-team" -> serverRefused(kind, "POST", "/v2/users", Map.of("users", List.of(Map.of("id", "soak-bad-" + n,
            "teams", List.of("default")))), 422, "INVALID_TEAMS");
        case "bad.long-user-id" -> serverRefused(kind, "POST", "/v2/identify-user", Map.of("userId", "u".repeat(129)), 422,
            "INVALID_USER_ID");
        default -> throw new IllegalArgumentException("no such kind " + kind);
      };
    }
  }

  Worker worker(int id, long seed) {
    return new Worker(id, seed);
  }

  // ---------------------------------------------------------------------------------------------
  // Building calls
  // ---------------------------------------------------------------------------------------------

  private Call identifyUser(int k, int j, String kind) {
    Map<String, Object> body = Map.of("userId", stableUser(k, j), "groupIds", groups(j), "organizationId", tenant(k),
        "userInfo", Map.of("name", "Stable " + j));
    int index = k * STABLE_USERS + j;
    // Each new token replaces the pool's, so the pool stays fresh however long the run.
    return server(kind, "POST", "/v2/identify-user", body, 200, b -> keep(idTokens, index, b));
  }

  private Call authorizeUser(int k, int j, String kind) {
    Map<String, Object> body = Map.of("userId", stableUser(k, j), "organizationId", tenant(k),
        "permissions", Map.of("soak-t" + k + "-static-*", List.of("room:read", "room:presence:write")),
        "userInfo", Map.of("name", "Stable " + j));
    int index = k * STABLE_USERS + j;
    return server(kind, "POST", "/v2/authorize-user", body, 200, b -> keep(accessTokens, index, b));
  }

  private static String keep(AtomicReferenceArray<String> pool, int index, JsonNode body) {
    String token = body.path("token").asText("");
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return "no JWT in the token field";
    }
    pool.set(index, token);
    return null;
  }

  /** A worker's room: an entry for one stable user of its tenant, read for the readers group. */
  private static Map<String, Object> roomBody(String id, int k, int slot) {
    Map<String, Object> room = new LinkedHashMap<>();
    room.put("id", id);
    room.put("defaultAccesses", List.of());
    room.put("usersAccesses", Map.of(stableUser(k, slot % STABLE_USERS), List.of("room:write")));
    room.put("groupsAccesses", Map.of(READERS, List.of("room:read", "room:presence:write")));
    room.put("metadata", Map.of("kind", kindOf(slot)));
    room.put("organizationId", tenant(k));
    return room;
  }

  private static Function<JsonNode, String> revCheck(String rev) {
    return r -> rev.equals(r.path("metadata").path("rev").asText()) ? null : "metadata.rev not the one sent";
  }

  private static String kindOf(int slot) {
    return slot % 2 == 0 ? "doc" : "chat";
  }

  private static Function<JsonNode, String> roomCheck(String id, String tenant) {
    return r -> !"room".equals(r.path("type").asText()) ? "not a room"
        : !id.equals(r.path("id").asText()) ? "another room's id"
        : !tenant.equals(r.path("organizationId").asText()) ? "another tenant" : null;
  }

  private static Function<JsonNode, String> connectionCheck(String user, String room) {
    return b -> !user.equals(b.path("userId").asText()) ? "another user"
        : !room.equals(b.path("permissions").path("room").asText()) ? "room access not " + room : null;
  }

  private static Function<JsonNode, String> both(Function<JsonNode, String> a, Function<JsonNode, String> b) {
    return body -> {
      String failure = a.apply(body);
      return failure != null ? failure : b.apply(body);
    };
  }

  /** A page of at most {@code limit} items, each passing {@code each}. */
  private static Function<JsonNode, String> page(int limit, Function<JsonNode, String> each) {
    return b -> {
      JsonNode data = b.path("data");
      if (!data.isArray() || !b.has("nextCursor")) {
        return "not a page";
      }
      if (data.size() > limit) {
        return "more than " + limit + " items";
      }
      for (JsonNode item : data) {
        String failure = each.apply(item);
        if (failure != null) {
          return failure;
        }
      }
      return null;
    };
  }

  /** One path segment, percent-encoded (a space as %20: the server reads '+' as a plus). */
  static String segment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Function<JsonNode, String> inTenant(int k) {
    return r -> tenant(k).equals(r.path("organizationId").asText()) ? null : "a room of another tenant";
  }

  /** Keeps a page's nextCursor for the worker's next-page request, once the page has passed its check. */
  private static Function<JsonNode, String> keepCursor(String[] cursors, int k, Function<JsonNode, String> check) {
    return b -> {
      String failure = check.apply(b);
      if (failure == null && b.path("nextCursor").isTextual()) {
        cursors[k] = b.path("nextCursor").asText();
      }
      return failure;
    };
  }

  private static Function<JsonNode, String> nonEmptyPage(int limit, Function<JsonNode, String> each) {
    Function<JsonNode, String> page = page(limit, each);
    return b -> {
      String failure = page.apply(b);
      return failure != null ? failure : b.path("data").isEmpty() ? "an empty page (the stable users are always there)" : null;
    };
  }

  private static String hasTeam(JsonNode user, String team) {
    for (JsonNode t : user.path("teams")) {
      if (team.equals(t.asText())) {
        return null;
      }
    }
    return "a user outside team " + team;
  }

  private Call server(String kind, String method, String path, Object body, int status, Function<JsonNode, String> check) {
    return new Call(kind, method, path, "Bearer " + secret, body == null ? null : json(body), status, null, check, Call.NOTHING);
  }

  private Call server(String kind, String method, String path, Object body, int status, Function<JsonNode, String> check,
      java.util.function.Consumer<Boolean> settle) {
    return new Call(kind, method, path, "Bearer " + secret, body == null ? null : json(body), status, null, check, settle);
  }

  private Call serverRefused(String kind, String method, String path, Object body, int status, String errorCode) {
    return new Call(kind, method, path, "Bearer " + secret, body == null ? null : json(body), status, errorCode, null, Call.NOTHING);
  }

  private Call serverRefused(String kind, String method, String path, Object body, int status, String errorCode,
      java.util.function.Consumer<Boolean> settle) {
    return new Call(kind, method, path, "Bearer " + secret, body == null ? null : json(body), status, errorCode, null, settle);
  }

  private Call client(String kind, int k, int j, String method, String path, Object body, int status,
      Function<JsonNode, String> check) {
    return client(kind, k, j, method, path, body, status, check, Call.NOTHING);
  }

  private Call client(String kind, int k, int j, String method, String path, Object body, int status,
      Function<JsonNode, String> check, java.util.function.Consumer<Boolean> settle) {
    return new Call(kind, method, path, "Bearer " + idTokens.get(k * STABLE_USERS + j), body == null ? null : json(body), status,
        null, check, settle);
  }

  private Call clientRefused(String kind, int k, int j, String method, String path, Object body, int status, String errorCode,
      java.util.function.Consumer<Boolean> settle) {
    return new Call(kind, method, path, "Bearer " + idTokens.get(k * STABLE_USERS + j), body == null ? null : json(body), status,
        errorCode, null, settle);
  }

  private static Call raw(String kind, String method, String path, String bearer, String body, int status, String errorCode) {
    return new Call(kind, method, path, bearer, body, status, errorCode, null, Call.NOTHING);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
