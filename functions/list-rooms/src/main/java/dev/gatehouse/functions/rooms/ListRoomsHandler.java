package dev.gatehouse.functions.rooms;

import dev.gatehouse.service.rooms.RoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.rooms.RoomJson;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.runtime.Gatehouse;

/** {@code GET /v2/rooms}: Lists rooms newest first, filtered by organizationId, userId, groupIds, query and legacy metadata parameters. */
public final class ListRoomsHandler extends ApiHandler {
  private final Supplier<RoomService> rooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ListRoomsHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ListRoomsHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.rooms = gatehouse.rooms()::service;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(RoomJson.page(rooms.get().list(RoomRequests.list(request))));
  }
}
