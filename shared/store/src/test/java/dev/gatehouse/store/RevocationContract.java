package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every backend's {@link RevocationRepository} and {@link AccessReads} must show;
 * extended once per backend. Each test uses ids no other test of the class uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RevocationContract {
  private static final Instant T1 = Instant.parse("2026-08-01T10:00:00.123Z");
  private static final Instant T2 = Instant.parse("2026-08-02T11:30:00.456Z");
  protected Repositories store;
  private StoreBackend backend;

  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    store = backend.open(Clock.systemUTC());
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  private RevocationRepository revocations() {
    return store.revocations();
  }

  @Test
  void aUserNothingWasRecordedForIsActiveWithoutCutoff() {
    assertEquals(UserStatus.active("never-seen"), revocations().userStatus("never-seen"));
  }

  @Test
  void aUserCutoffIsSetReplacedAndClearedAndKeptToTheMillisecond() {
    assertEquals(new UserStatus("u-cut", Optional.of(T1), false), revocations().revokeUserTokens("u-cut", Optional.of(T1)));
    assertEquals(new UserStatus("u-cut", Optional.of(T1), false), revocations().userStatus("u-cut"));
    revocations().revokeUserTokens("u-cut", Optional.of(T2));
    assertEquals(Optional.of(T2), revocations().userStatus("u-cut").revokeTokensIssuedBefore(), "a new cutoff replaces the old");
    revocations().revokeUserTokens("u-cut", Optional.empty());
    assertEquals(UserStatus.active("u-cut"), revocations().userStatus("u-cut"));
  }

  @Test
  void deactivationSetsTheCutoffAndReactivationMovesItToItsOwnTime() {
    assertEquals(new UserStatus("u-deact", Optional.of(T1), true), revocations().deactivate("u-deact", T1));
    assertEquals(new UserStatus("u-deact", Optional.of(T1), true), revocations().userStatus("u-deact"));
    revocations().revokeUserTokens("u-deact", Optional.empty()); // a lifted cutoff brings back no token
    assertEquals(new UserStatus("u-deact", Optional.of(T2), false), revocations().reactivate("u-deact", T2));
    assertEquals(new UserStatus("u-deact", Optional.of(T2), false), revocations().userStatus("u-deact"));
  }

  @Test
  void aRevocationLeavesDeactivationAsItIs() {
    revocations().deactivate("u-both", T1);
    assertEquals(new UserStatus("u-both", Optional.of(T2), true), revocations().revokeUserTokens("u-both", Optional.of(T2)));
    assertEquals(new UserStatus("u-both", Optional.empty(), true), revocations().revokeUserTokens("u-both", Optional.empty()));
    assertTrue(revocations().userStatus("u-both").deactivated());
  }

  @Test
  void reactivatingAUserNeverDeactivatedLeavesThemActive() {
    assertEquals(new UserStatus("u-never", Optional.of(T1), false), revocations().reactivate("u-never", T1));
    assertFalse(revocations().userStatus("u-never").deactivated());
  }

  @Test
  void tenantCutoffsAreEachTenantsOwn() {
    TenantId acme = new TenantId("rev-acme");
    TenantId globex = new TenantId("rev-globex");
    assertEquals(Optional.of(T1), revocations().revokeTenantTokens(acme, Optional.of(T1)));
    assertEquals(Optional.of(T1), revocations().tenantCutoff(acme));
    assertEquals(Optional.empty(), revocations().tenantCutoff(globex));
    revocations().revokeTenantTokens(acme, Optional.of(T2));
    assertEquals(Optional.of(T2), revocations().tenantCutoff(acme));
    assertEquals(Optional.empty(), revocations().revokeTenantTokens(acme, Optional.empty()));
    assertEquals(Optional.empty(), revocations().tenantCutoff(acme));
  }

  @Test
  void theProjectCutoffIsASetting() {
    Settings before = store.settings().get();
    Settings cut = new Settings(before.multiTenantEnabled(), before.rateLimits(), Optional.of(T1), Optional.of(T2));
    store.settings().put(cut);
    assertEquals(Optional.of(T1), store.settings().get().revokeTokensIssuedBefore());
    assertEquals(Optional.of(T1), store.accessReads().read(new AccessReads.Request("anyone", false, true, Set.of(), Optional.empty()))
        .settings().orElseThrow().revokeTokensIssuedBefore());
    store.settings().put(before);
    assertEquals(Optional.empty(), store.settings().get().revokeTokensIssuedBefore());
  }

  @Test
  void oneReadAnswersStatusUserAndCutoffsForARoomInAKnownTenant() {
    TenantId acme = new TenantId("snap-acme");
    store.rooms().create(Rooms.aRoom("snap-room").inTenant("snap-acme").withUser("snap-alice", "room:write").build());
    store.users().write("snap-alice", current -> new User("snap-alice", Optional.empty(), Role.USER, List.of(acme), Map.of(),
        Map.of(), T1, T1, 0));
    revocations().revokeUserTokens("snap-alice", Optional.of(T1));
    revocations().revokeTenantTokens(acme, Optional.of(T2));

    AccessReads.Snapshot snapshot = store.accessReads().read(new AccessReads.Request("snap-alice", true, true, Set.of(acme),
        Optional.of(new AccessReads.RoomRead("snap-room", Optional.of(acme), true))));
    assertEquals(Optional.of(T1), snapshot.status().revokeTokensIssuedBefore());
    assertEquals(List.of(acme), snapshot.user().orElseThrow().teams());
    assertEquals(Map.of(acme, Optional.of(T2)), snapshot.tenantCutoffs());
    assertEquals(Optional.of(acme), snapshot.roomTenant());
    assertEquals("snap-room", snapshot.room().orElseThrow().id());

    AccessReads.Snapshot withoutUser = store.accessReads().read(new AccessReads.Request("snap-alice", false, true, Set.of(),
        Optional.empty()));
    assertEquals(Optional.empty(), withoutUser.user(), "the user record is read only when asked for");
    assertEquals(Map.of(), withoutUser.tenantCutoffs());

    AccessReads.Snapshot issuing = store.accessReads().read(AccessReads.Request.user("snap-alice"));
    assertEquals(Optional.of(T1), issuing.status().revokeTokensIssuedBefore());
    assertTrue(issuing.user().isPresent());
    assertEquals(Optional.empty(), issuing.settings(), "no cutoffs asked for: the settings are not read");
  }

  @Test
  void aRoomOfAnotherTenantIsNotFoundInTheTenantLookedIn() {
    store.rooms().create(Rooms.aRoom("snap-other").inTenant("snap-initech").build());
    TenantId acme = new TenantId("snap-acme2");
    AccessReads.Snapshot snapshot = store.accessReads().read(new AccessReads.Request("snap-bob", false, true, Set.of(acme),
        Optional.of(new AccessReads.RoomRead("snap-other", Optional.of(acme), true))));
    assertEquals(Optional.empty(), snapshot.room());
    assertEquals(Optional.empty(), snapshot.roomTenant());
    assertEquals(UserStatus.active("snap-bob"), snapshot.status());
    assertEquals(Map.of(acme, Optional.empty()), snapshot.tenantCutoffs(), "read, and without a cutoff");
  }

  @Test
  void aRoomOfUnknownTenantIsFoundWithItsTenantsCutoff() {
    TenantId initech = new TenantId("snap-initech3");
    store.rooms().create(Rooms.aRoom("snap-found").inTenant("snap-initech3").build());
    revocations().revokeTenantTokens(initech, Optional.of(T1));

    AccessReads.Snapshot whole = store.accessReads().read(new AccessReads.Request("snap-carol", false, true, Set.of(),
        Optional.of(new AccessReads.RoomRead("snap-found", Optional.empty(), true))));
    assertEquals(Optional.of(initech), whole.roomTenant());
    assertEquals(initech, whole.room().orElseThrow().tenant());
    assertEquals(Map.of(initech, Optional.of(T1)), whole.tenantCutoffs(), "the room's tenant's cutoff is read with it");

    AccessReads.Snapshot tenantOnly = store.accessReads().read(new AccessReads.Request("snap-carol", false, true, Set.of(),
        Optional.of(new AccessReads.RoomRead("snap-found", Optional.empty(), false))));
    assertEquals(Optional.of(initech), tenantOnly.roomTenant());
    assertFalse(tenantOnly.room().isPresent(), "only the tenant was asked for");
    assertEquals(Map.of(), tenantOnly.tenantCutoffs(), "a tenant-only lookup reads no more than it was asked for");

    AccessReads.Snapshot missing = store.accessReads().read(new AccessReads.Request("snap-carol", false, true, Set.of(),
        Optional.of(new AccessReads.RoomRead("snap-nowhere", Optional.empty(), true))));
    assertEquals(Optional.empty(), missing.roomTenant());
    assertEquals(Optional.empty(), missing.room());
  }
}
