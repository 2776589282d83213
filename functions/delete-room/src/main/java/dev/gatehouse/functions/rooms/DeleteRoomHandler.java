package dev.gatehouse.functions.rooms;

import dev.gatehouse.service.rooms.RoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;

/** {@code DELETE /v2/rooms/{roomId}}: Deletes a room: 204, also when it did not exist (the Liveblocks SDK expects no error). */
public final class DeleteRoomHandler extends ApiHandler {
  private final Supplier<RoomService> rooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public DeleteRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public DeleteRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.rooms = gatehouse.rooms()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    rooms.get().delete(request.pathParameter("roomId"));
    return HttpResponse.noContent();
  }
}
