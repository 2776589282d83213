package dev.gatehouse.bench.jmh;

import dev.gatehouse.permissions.AccessPolicy;
import dev.gatehouse.permissions.Action;
import dev.gatehouse.permissions.Decision;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.RoomTarget;
import dev.gatehouse.permissions.TenantId;
import java.util.HashSet;
import java.util.List;
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
 * The decision authorize-connection makes for an ID token once the token is verified and the room
 * read: {@link AccessPolicy#decide} for {@code READ_ROOM} on a {@link CrowdedRoom} (100 user and
 * 100 group entries), for a caller with 10 groups who is listed, who gets in through groups only,
 * and who is not listed at all (denied, so the deny reason is built too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoomAccessDecisionBenchmark {
  private static final TenantId TENANT = new TenantId("acme");

  private RoomTarget room;
  private Principal listedUser;
  private Principal groupMember;
  private Principal stranger;

  @Setup
  public void setUp() {
    RoomAccesses accesses = CrowdedRoom.accesses(CrowdedRoom.lastListedUser());
    room = RoomTarget.of(new RoomFacts("acme:design-review", TENANT, accesses, Optional.empty()));
    listedUser = idToken(CrowdedRoom.lastListedUser(), CrowdedRoom.unrelatedGroups());
    groupMember = idToken(CrowdedRoom.unlistedUser(), CrowdedRoom.groupsMatching(3));
    stranger = idToken(CrowdedRoom.unlistedUser(), CrowdedRoom.unrelatedGroups());
    // The scenarios must be what they claim, or the figures measure something else.
    require(decide(listedUser), true, "usersAccesses");
    require(decide(groupMember), true, "groupsAccesses");
    require(decide(stranger), false, "no entry grants access");
  }

  /** As a verified ID token hands it over: {@code VerifiedToken.principal()}. */
  private static Principal idToken(String userId, List<String> groups) {
    return Principal.ofIdToken(userId, new HashSet<>(groups), Optional.of(TENANT));
  }

  private Decision decide(Principal principal) {
    return AccessPolicy.decide(principal, Action.READ_ROOM, room, MultiTenantMode.OFF);
  }

  private static void require(Decision decision, boolean allowed, String reason) {
    if (decision.allowed() != allowed || !decision.reason().contains(reason)) {
      throw new IllegalStateException("unexpected decision: " + decision);
    }
  }

  @Benchmark
  public Decision listedUserLastEntry() {
    return decide(listedUser);
  }

  @Benchmark
  public Decision userViaGroupsOnly() {
    return decide(groupMember);
  }

  @Benchmark
  public Decision userNotListed() {
    return decide(stranger);
  }
}
