package dev.gatehouse.service.access;

import dev.gatehouse.access.AccessFacts;
import dev.gatehouse.access.Revocation;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.AccessReads;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserRepository;
import java.util.Optional;
import java.util.Set;

/**
 * The access check's facts, read from Gatehouse's own store: a decision's reads in one request
 * ({@link AccessReads}: on DynamoDB one strongly consistent BatchGetItem, settings item included,
 * so a revocation is in force for the very next check), and the multi-tenant switch from the
 * settings' short cache.
 */
public final class StoreAccessFacts implements AccessFacts {
  private final RoomRepository rooms;
  private final UserRepository users;
  private final AccessReads reads;
  private final SettingsService settings;
  private final java.util.function.Supplier<dev.gatehouse.store.groups.GroupRepository> groups;

  public StoreAccessFacts(RoomRepository rooms, UserRepository users, AccessReads reads, SettingsService settings,
      java.util.function.Supplier<dev.gatehouse.store.groups.GroupRepository> groups) {
    this.rooms = rooms;
    this.users = users;
    this.reads = reads;
    this.settings = settings;
    this.groups = groups;
  }

  /** The stored groups of the tenant that list the user: one strongly consistent Query on DynamoDB. */
  @Override
  public Set<String> storedGroups(String userId, TenantId tenant) {
    return groups.get().groupIdsOf(userId, tenant);
  }

  @Override
  public Facts read(Read read) {
    AccessReads.Snapshot snapshot = reads.read(new AccessReads.Request(read.userId(), read.membership(), read.cutoffs(),
        read.cutoffs() ? read.tenants() : java.util.Set.of(),
        read.room().map(lookup -> new AccessReads.RoomRead(lookup.roomId(), lookup.in(), lookup.wholeRoom()))));
    Revocation revocation = StoreRevocations.from(snapshot);
    Membership membership = snapshot.user().map(User::membership).orElse(Membership.NONE);
    // The settings read strongly with the facts are the newest this container has seen.
    snapshot.settings().ifPresent(settings::observe);
    return new Facts(membership, revocation, snapshot.roomTenant(), snapshot.room().map(Room::facts),
        snapshot.settings().map(Settings::mode));
  }

  @Override
  public Optional<RoomFacts> find(TenantId tenant, String roomId) {
    return rooms.find(tenant, roomId).map(Room::facts);
  }

  @Override
  public java.util.Map<String, RoomFacts> findAll(java.util.Map<String, TenantId> where) {
    java.util.Map<String, RoomFacts> found = new java.util.LinkedHashMap<>();
    rooms.findAll(where).forEach((id, room) -> found.put(id, room.facts()));
    return found;
  }

  @Override
  public java.util.Map<String, TenantId> tenantsOf(java.util.Collection<String> roomIds) {
    return rooms.tenantsOf(roomIds);
  }

  @Override
  public Optional<TenantId> tenantOf(String roomId) {
    return rooms.tenantOf(roomId);
  }

  @Override
  public Membership membership(String userId) {
    return users.find(userId).map(User::membership).orElse(Membership.NONE);
  }

  @Override
  public Revocation revocation(String userId, Set<TenantId> tenants) {
    return new StoreRevocations(reads).of(userId, tenants);
  }

  @Override
  public MultiTenantMode mode() {
    return settings.mode();
  }

  /** The switch as last seen, however long ago: a check's read brings the current one with it. */
  @Override
  public MultiTenantMode plannedMode() {
    return settings.plannedMode();
  }
}
