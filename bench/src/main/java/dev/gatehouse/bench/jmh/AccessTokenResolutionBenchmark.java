package dev.gatehouse.bench.jmh;

import dev.gatehouse.permissions.AccessPolicy;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.RoomTarget;
import dev.gatehouse.permissions.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An access token at the limit of 10 room patterns (exact ids and prefixes), resolved against a
 * room id: {@link AccessTokenPermissions#resolve} for a room three patterns cover, one only
 * prefixes cover, and one none covers; and the whole {@link AccessPolicy#decide} authorize-
 * connection makes with it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AccessTokenResolutionBenchmark {
  private static final TenantId TENANT = new TenantId("acme");
  static final String EXACT_ROOM = "acme:room-1";
  static final String PREFIX_ROOM = "acme:project-y:roadmap";
  static final String UNCOVERED_ROOM = "globex:room-1";

  private AccessTokenPermissions permissions;
  private Principal principal;
  private RoomTarget exactRoom;

  /** Ten patterns, as a backend would grant them: a few rooms, a few projects, the whole org. */
  static AccessTokenPermissions tenPatterns() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    raw.put("acme:room-1", List.of("room:write"));
    raw.put("acme:room-2", List.of("room:read", "room:presence:write"));
    raw.put("acme:room-3", List.of("room:write", "comments:read"));
    raw.put("acme:project-x:*", List.of("room:write"));
    raw.put("acme:project-y:*", List.of("room:read", "comments:write"));
    raw.put("acme:project-z:*", List.of("*:read"));
    raw.put("acme:docs:*", List.of("room:read", "storage:none"));
    raw.put("acme:team:*", List.of("room:write", "feeds:read"));
    raw.put("acme:room-*", List.of("room:read", "room:presence:write"));
    raw.put("acme:*", List.of("*:read"));
    return AccessTokenPermissions.parse(raw, "permissions");
  }

  @Setup
  public void setUp() {
    permissions = tenPatterns();
    principal = Principal.ofAccessToken("alice@example.com", permissions, Optional.of(TENANT));
    // An access token needs no room read: the connection check passes the room as "missing".
    exactRoom = RoomTarget.missing(EXACT_ROOM, TENANT);
    if (permissions.resolve(EXACT_ROOM).orElseThrow().matched().size() != 3
        || permissions.resolve(PREFIX_ROOM).orElseThrow().matched().size() != 2
        || permissions.resolve(UNCOVERED_ROOM).isPresent()
        || !AccessPolicy.decide(principal, Action.READ_ROOM, exactRoom, MultiTenantMode.OFF).allowed()) {
      throw new IllegalStateException("the patterns do not cover the rooms as intended");
    }
  }

  @Benchmark
  public Optional<AccessTokenPermissions.Resolution> resolveExactAndPrefixes() {
    return permissions.resolve(EXACT_ROOM);
  }

  @Benchmark
  public Optional<AccessTokenPermissions.Resolution> resolvePrefixesOnly() {
    return permissions.resolve(PREFIX_ROOM);
  }

  @Benchmark
  public Optional<AccessTokenPermissions.Resolution> resolveNoMatch() {
    return permissions.resolve(UNCOVERED_ROOM);
  }

  @Benchmark
  public Decision decideExactRoom() {
    return AccessPolicy.decide(principal, Action.READ_ROOM, exactRoom, MultiTenantMode.OFF);
  }
}
