package dev.gatehouse.store.sql;

import dev.gatehouse.store.Room;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms decoded from their rows, reused while a row is unchanged. A {@link Room} is a pure
 * function of its row's columns, and decoding the document (JSON, every permission string, the
 * instants) was about a third of a room read's CPU on the local server; comparing the columns
 * with the last decoded ones costs a string comparison. Bounded: past {@value #CAPACITY} rooms it
 * starts over.
 */
final class DecodedRooms {
  private static final int CAPACITY = 10_000;

  private record Row(String tenant, String created, long version, String document, Room room) {
    boolean holds(String tenant, String created, long version, String document) {
      return this.version == version && this.document.equals(document) && this.tenant.equals(tenant)
          && this.created.equals(created);
    }
  }

  private final ConcurrentHashMap<String, Row> byId = new ConcurrentHashMap<>();

  /** The room in these columns: the one decoded last time when they are the same. */
  Room decode(String id, String tenant, String created, long version, String document) {
    Row last = byId.get(id);
    if (last != null && last.holds(tenant, created, version, document)) {
      return last.room();
    }
    Room room = Documents.room(id, tenant, created, version, document);
    if (byId.size() >= CAPACITY) {
      byId.clear();
    }
    byId.put(id, new Row(tenant, created, version, document, room));
    return room;
  }
}
