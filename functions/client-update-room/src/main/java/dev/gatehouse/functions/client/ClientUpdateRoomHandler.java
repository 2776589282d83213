package dev.gatehouse.functions.client;

import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.access.Caller;
import dev.gatehouse.service.client.ClientRoomService;

/** {@code POST /v2/c/rooms/{roomId}}: a user changes a room they may manage (metadata: update; accesses: update members). */
public final class ClientUpdateRoomHandler extends ApiHandler {
  private final Supplier<ClientRoomService> clientRooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ClientUpdateRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ClientUpdateRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.clientRooms = gatehouse.rooms()::clientRooms;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    Caller caller = clientRooms.get().caller(requireBearerToken(request));
    ClientRoomService.Updated updated = clientRooms.get().update(caller, request.pathParameter("roomId"),
        RoomRequests.update(request.body()));
    // A caller who manages the room by role but may not read it learns only that it was changed.
    return HttpResponse.ok(updated.readable() ? RoomJson.room(updated.room()) : RoomJson.reference(updated.room()));
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
