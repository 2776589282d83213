package dev.gatehouse.service.access;

import dev.gatehouse.access.AccessFacts;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserRepository;
import java.util.Optional;

/**
 * The access check's facts, read from Gatehouse's own store: rooms and users (one strongly
 * consistent read each) and the multi-tenant switch (from the settings' short cache).
 */
public final class StoreAccessFacts implements AccessFacts {
  private final RoomRepository rooms;
  private final UserRepository users;
  private final SettingsService settings;

  public StoreAccessFacts(RoomRepository rooms, UserRepository users, SettingsService settings) {
    this.rooms = rooms;
    this.users = users;
    this.settings = settings;
  }

  @Override
  public Optional<RoomFacts> find(TenantId tenant, String roomId) {
    return rooms.find(tenant, roomId).map(Room::facts);
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
  public MultiTenantMode mode() {
    return settings.mode();
  }
}
