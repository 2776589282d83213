package dev.gatehouse.functions.rooms;

import dev.gatehouse.service.rooms.RoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.store.Room;

/** {@code POST /v2/rooms}: Creates a room; {@code ?idempotent} returns the existing room instead of 409 ({@code getOrCreateRoom}). */
public final class CreateRoomHandler extends ApiHandler {
  private final Supplier<RoomService> rooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public CreateRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public CreateRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.rooms = gatehouse.rooms()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    boolean idempotent = request.queryParameter("idempotent").map(v -> !v.equals("false") && !v.equals("0")).orElse(false);
    Room room = rooms.get().create(RoomRequests.create(request.body()), idempotent);
    return HttpResponse.ok(RoomJson.room(room));
  }
}
