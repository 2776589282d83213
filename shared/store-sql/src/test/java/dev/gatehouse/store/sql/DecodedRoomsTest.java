package dev.gatehouse.store.sql;

import static dev.gatehouse.store.Rooms.aRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Room;
import org.junit.jupiter.api.Test;

/** A decoded room is reused only for the very same row: any column that differs decodes again. */
class DecodedRoomsTest {
  private final DecodedRooms decoded = new DecodedRooms();

  private Room decode(Room room, long version) {
    return decoded.decode(room.id(), room.tenant().value(), Positions.timestamp(room.createdAt()), version,
        Documents.room(room));
  }

  @Test
  void theSameRowGivesTheSameRoom() {
    Room room = aRoom("r").withUser("alice", "room:write").build();
    Room first = decode(room, 3);
    assertEquals(room.withVersion(3), first);
    assertSame(first, decode(room, 3));
  }

  @Test
  void aChangedRowIsDecodedAgain() {
    Room room = aRoom("r").withUser("alice", "room:write").build();
    Room first = decode(room, 3);
    // Same id and version with another document (a room deleted and created again): decoded anew.
    Room recreated = aRoom("r").withUser("bob", "room:read").build();
    Room second = decode(recreated, 3);
    assertNotSame(first, second);
    assertEquals(recreated.withVersion(3), second);
    assertEquals(room.withVersion(4), decode(room, 4));
  }
}
