package dev.gatehouse.api.rooms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomPage;
import java.util.List;
import java.util.Map;

/**
 * A room as the Liveblocks REST API returns it, keys in its order: {@code type, id,
 * organizationId, createdAt, metadata, defaultAccesses, groupsAccesses, usersAccesses}.
 * {@code organizationId} is {@code "default"} for a room created without one.
 */
public final class RoomJson {
  private RoomJson() {}

  public static ObjectNode room(Room room) {
    ObjectNode json = Json.object();
    json.put("type", "room");
    json.put("id", room.id());
    json.put("organizationId", room.tenant().value());
    json.put("createdAt", WireTime.format(room.createdAt()));
    ObjectNode metadata = json.putObject("metadata");
    room.metadata().forEach((key, value) -> {
      if (value instanceof List<?> list) {
        ArrayNode array = metadata.putArray(key);
        list.forEach(item -> array.add((String) item));
      } else {
        metadata.put(key, (String) value);
      }
    });
    strings(json.putArray("defaultAccesses"), room.accesses().defaultAccesses());
    entries(json.putObject("groupsAccesses"), room.accesses().groupsAccesses());
    entries(json.putObject("usersAccesses"), room.accesses().usersAccesses());
    return json;
  }

  /** A room named without its contents, {@code {type, id, organizationId}}: for a caller who changed it but may not read it. */
  public static ObjectNode reference(Room room) {
    ObjectNode json = Json.object();
    json.put("type", "room");
    json.put("id", room.id());
    json.put("organizationId", room.tenant().value());
    return json;
  }

  /** A listing page: {@code {"nextCursor": string|null, "data": [room…]}}. */
  public static ObjectNode page(RoomPage page) {
    return Json.page(page.rooms().stream().map(RoomJson::room).toList(), page.nextCursor());
  }

  private static void entries(ObjectNode target, Map<String, PermissionList> entries) {
    entries.forEach((key, list) -> strings(target.putArray(key), list));
  }

  private static void strings(ArrayNode target, PermissionList list) {
    list.values().forEach(target::add);
  }
}
