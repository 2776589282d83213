package dev.gatehouse.bench.jmh;

import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.AccessFacts;
import dev.gatehouse.access.ConnectionCheck;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole connection check in-process, token verification (RS256) included, over facts held in
 * memory (no store: what a realtime server embedding {@link ConnectionCheck} pays besides its own
 * lookups): a room with group entries entered by a token that carries the group, by a stored
 * member (the stored groups looked up), and by a user in no group (denied); and a bulk check of
 * 100 rooms. The DynamoDB side of the same calls is in {@code ./gatehouse bench cost}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConnectionCheckBenchmark {
  private static final TenantId TENANT = new TenantId("acme");
  private static final String GROUPED_ROOM = "acme:grouped";

  private AccessCheck check;
  private String carrierToken;
  private String storedMemberToken;
  private String outsiderToken;
  private List<String> hundredRooms;

  @Setup
  public void setUp() {
    Clock clock = Clock.systemUTC();
    KeySet keys = KeySet.generate(SigningAlgorithm.RS256, Instant.now());
    JwtTokenIssuer issuer = new JwtTokenIssuer(() -> keys, clock, Duration.ofHours(1), "bench");
    JwtTokenVerifier verifier = new JwtTokenVerifier(keys::publicOnly, clock, Duration.ofSeconds(30), "bench", () -> {});
    Map<String, RoomFacts> rooms = new LinkedHashMap<>();
    rooms.put(GROUPED_ROOM, room(GROUPED_ROOM));
    hundredRooms = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = "acme:room-" + i;
      hundredRooms.add(id);
      rooms.put(id, room(id));
    }
    check = new AccessCheck(verifier, new InMemoryFacts(rooms, Map.of("stored-member", Set.of("engineering", "design"))));
    carrierToken = issuer.issueIdToken("carrier", List.of("engineering"), Optional.of(TENANT), Map.of()).token();
    storedMemberToken = issuer.issueIdToken("stored-member", List.of(), Optional.of(TENANT), Map.of()).token();
    outsiderToken = issuer.issueIdToken("outsider", List.of(), Optional.of(TENANT), Map.of()).token();
    // The scenarios must be what they claim, or the figures measure something else.
    require(carriesTheGroup().decision().allowed(), "the carrier enters");
    require(storedMember().decision().allowed(), "the stored member enters");
    require(!inNoGroup().decision().allowed(), "the outsider is refused");
    require(bulkCheckOf100Rooms().stream().allMatch(o -> o.result().map(r -> r.decision().allowed()).orElse(false)),
        "every room of the bulk check lets the stored member in");
  }

  /** Private, with the groups entry that lets members in, and 20 user and 20 other group entries. */
  private static RoomFacts room(String id) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      groups.put("group-" + i, List.of("room:read"));
      users.put("user-" + i, List.of("room:write"));
    }
    groups.put("engineering", List.of("room:write"));
    return new RoomFacts(id, TENANT, RoomAccesses.parse(List.of(), groups, users), Optional.empty());
  }

  private static void require(boolean holds, String what) {
    if (!holds) {
      throw new IllegalStateException("scenario broken: " + what);
    }
  }

  @Benchmark
  public ConnectionCheck.Result carriesTheGroup() {
    return check.connect(carrierToken, GROUPED_ROOM);
  }

  @Benchmark
  public ConnectionCheck.Result storedMember() {
    return check.connect(storedMemberToken, GROUPED_ROOM);
  }

  @Benchmark
  public ConnectionCheck.Result inNoGroup() {
    return check.connect(outsiderToken, GROUPED_ROOM);
  }

  @Benchmark
  public List<ConnectionCheck.Outcome> bulkCheckOf100Rooms() {
    return check.connectAll(storedMemberToken, hundredRooms);
  }

  /** Rooms and stored groups held in memory; no membership, cutoffs or multi-tenant mode. */
  private record InMemoryFacts(Map<String, RoomFacts> rooms, Map<String, Set<String>> stored) implements AccessFacts {
    @Override
    public Optional<RoomFacts> find(TenantId in, String roomId) {
      return Optional.ofNullable(rooms.get(roomId)).filter(r -> r.tenant().equals(in));
    }

    @Override
    public Optional<TenantId> tenantOf(String roomId) {
      return Optional.ofNullable(rooms.get(roomId)).map(RoomFacts::tenant);
    }

    @Override
    public Set<String> storedGroups(String userId, TenantId tenant) {
      return stored.getOrDefault(userId, Set.of());
    }

    @Override
    public Membership membership(String userId) {
      return Membership.NONE;
    }

    @Override
    public MultiTenantMode mode() {
      return MultiTenantMode.OFF;
    }
  }
}
