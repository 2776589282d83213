package dev.gatehouse.functions.client;

import dev.gatehouse.service.client.ClientRoomService;
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

/** {@code POST /v2/c/rooms}: a user creates a room in one of their teams; they get {@code *:write} and own it. */
public final class ClientCreateRoomHandler extends ApiHandler {
  private final Supplier<ClientRoomService> clientRooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ClientCreateRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ClientCreateRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.clientRooms = gatehouse.rooms()::clientRooms;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    Caller caller = clientRooms.get().caller(requireBearerToken(request));
    return HttpResponse.ok(RoomJson.room(clientRooms.get().create(caller, RoomRequests.clientCreate(request.body()))));
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
