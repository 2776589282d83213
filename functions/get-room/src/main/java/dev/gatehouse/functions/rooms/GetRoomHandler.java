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
    if (request.path().endsWith("/prewarm") || request.path().endsWith("/active-users")) {
      // prewarmRoom and getActiveUsers: the realtime server's own state, which Gatehouse has not.
      String what = request.path().endsWith("/prewarm") ? "prewarmRoom (GET /v2/rooms/{roomId}/prewarm)"
          : "getActiveUsers (GET /v2/rooms/{roomId}/active-users)";
      throw new dev.gatehouse.errors.NotFoundException(dev.gatehouse.errors.ErrorCode.REALTIME_SERVER_REQUIRED,
          what + " belongs to a realtime server: Gatehouse authenticates and authorizes connections, and hosts none.",
          "Ask your realtime server, which holds the room's connections; Gatehouse answers who may enter "
              + "(POST /v2/authorize-connection) and what changed (GET /v2/changes).");
    }
    return HttpResponse.ok(RoomJson.room(rooms.get().get(request.pathParameter("roomId"))));
  }
}
