package dev.gatehouse.functions.rooms;

import dev.gatehouse.service.rooms.RoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.rooms.RoomPatch;

/**
 * {@code POST /v2/rooms/{roomId}}: Updates part of a room: an accesses entry or metadata key set to
 * null is removed. {@code POST /v2/rooms/{roomId}/update-room-id}: moves the room to a new id.
 */
public final class UpdateRoomHandler extends ApiHandler {
  private final Supplier<RoomService> rooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UpdateRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UpdateRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.rooms = gatehouse.rooms()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    if (request.path().endsWith("/update-room-id")) {
      String newRoomId = RoomRequests.newRoomId(request.body());
      return HttpResponse.ok(RoomJson.room(rooms.get().updateRoomId(request.pathParameter("roomId"), newRoomId)));
    }
    RoomPatch patch = RoomRequests.update(request.body());
    return HttpResponse.ok(RoomJson.room(rooms.get().update(request.pathParameter("roomId"), patch)));
  }
}
