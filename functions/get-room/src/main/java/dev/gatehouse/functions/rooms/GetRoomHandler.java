package dev.gatehouse.functions.rooms;

import dev.gatehouse.service.rooms.RoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.runtime.Gatehouse;

/** {@code GET /v2/rooms/{roomId}}: Returns one room. */
public final class GetRoomHandler extends ApiHandler {
  private final Supplier<RoomService> rooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public GetRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public GetRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.rooms = gatehouse.rooms()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(RoomJson.room(rooms.get().get(request.pathParameter("roomId"))));
  }
}
