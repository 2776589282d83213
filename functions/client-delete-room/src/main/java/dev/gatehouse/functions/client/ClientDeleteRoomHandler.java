package dev.gatehouse.functions.client;

import dev.gatehouse.service.client.ClientRoomService;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.access.Caller;

/** {@code DELETE /v2/c/rooms/{roomId}}: a user deletes a room they may delete (a blue user deleting in a red room is refused). */
public final class ClientDeleteRoomHandler extends ApiHandler {
  private final Supplier<ClientRoomService> clientRooms;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public ClientDeleteRoomHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public ClientDeleteRoomHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.clientRooms = gatehouse.rooms()::clientRooms;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    Caller caller = clientRooms.get().caller(requireBearerToken(request));
    clientRooms.get().delete(caller, request.pathParameter("roomId"));
    return HttpResponse.noContent();
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
