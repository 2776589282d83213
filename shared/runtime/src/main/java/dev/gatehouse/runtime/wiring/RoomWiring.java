package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.client.ClientRoomService;
import dev.gatehouse.service.rooms.RoomService;
import java.time.Clock;

/** Rooms: the server-side room service, and the client routes' one, which asks the access check first. */
public final class RoomWiring {
  private final Lazy<RoomService> service;
  private final Lazy<ClientRoomService> clientRooms;

  public RoomWiring(StoreWiring store, AccessWiring access, SettingsWiring settings, Clock clock) {
    this.service = Lazy.of(() -> new RoomService(store.rooms(), clock));
    this.clientRooms = Lazy.of(() -> new ClientRoomService(service.get(), store.rooms(), access.check(), settings.quotas()));
  }

  public RoomService service() {
    return service.get();
  }

  public ClientRoomService clientRooms() {
    return clientRooms.get();
  }
}
