package dev.gatehouse.service.tokens;

import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.tokens.ConnectionCheck;
import java.util.Optional;

/** The connection check's room lookups, answered by the room repository (one GetItem each). */
public final class RoomLookup implements ConnectionCheck.Rooms {
  private final RoomRepository rooms;

  public RoomLookup(RoomRepository rooms) {
    this.rooms = rooms;
  }

  @Override
  public Optional<RoomFacts> find(TenantId tenant, String roomId) {
    return rooms.find(tenant, roomId).map(Room::facts);
  }

  @Override
  public Optional<TenantId> tenantOf(String roomId) {
    return rooms.tenantOf(roomId);
  }
}
