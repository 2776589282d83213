package dev.gatehouse.functions.rooms;

import dev.gatehouse.service.rooms.RoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.runtime.Gatehouse;

/** {@code POST /v2/rooms/{roomId}/upsert}: Updates the room if it exists, else creates it from {@code create} with {@code update} on top. */
public final class UpsertRoomHandler extends ApiHandler {
  private final Supplier<RoomService> rooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public UpsertRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public UpsertRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.rooms = gatehouse.rooms()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    String roomId = request.pathParameter("roomId");
    RoomRequests.Upsert upsert = RoomRequests.upsert(request.body(), roomId);
    return HttpResponse.ok(RoomJson.room(rooms.get().upsert(roomId, upsert.update(), upsert.create())));
  }
}
