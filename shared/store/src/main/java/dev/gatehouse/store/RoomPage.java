package dev.gatehouse.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param rooms the rooms, newest first
 * @param nextCursor where the next page starts; empty on the last page
 */
public record RoomPage(List<Room> rooms, Optional<String> nextCursor) {
  public RoomPage {
    rooms = List.copyOf(rooms);
  }
}
