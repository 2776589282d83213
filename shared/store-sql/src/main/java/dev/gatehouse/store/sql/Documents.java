package dev.gatehouse.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a room or user no query looks into (metadata, accesses, teams, names), as one JSON
 * document per row: written and read whole, like the DynamoDB item. Keys and order columns are
 * real columns; this holds the rest. Tree model only, no bean mapping.
 */
final class Documents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Documents() {}

  static String room(Room room) {
    ObjectNode doc = JSON.createObjectNode();
    doc.set("metadata", metadata(room.metadata()));
    doc.set("defaultAccesses", strings(room.accesses().defaultAccesses().values()));
    doc.set("groupsAccesses", entries(room.accesses().groupsAccesses()));
    doc.set("usersAccesses", entries(room.accesses().usersAccesses()));
    room.createdBy().ifPresent(by -> doc.put("createdBy", by));
    room.lastEventAt().ifPresent(at -> doc.put("lastEventAt", Positions.timestamp(at)));
    return write(doc);
  }

  static Room room(String id, String tenant, String created, long version, String document) {
    JsonNode doc = read(document);
    RoomAccesses accesses = new RoomAccesses(
        PermissionList.parse(stringList(doc.path("defaultAccesses")), "defaultAccesses"),
        entries(doc.path("groupsAccesses"), "groupsAccesses"),
        entries(doc.path("usersAccesses"), "usersAccesses"));
    return new Room(id, new TenantId(tenant), Instant.parse(created), metadata(doc.path("metadata")), accesses,
        optionalText(doc, "createdBy"), version, optionalText(doc, "lastEventAt").map(Instant::parse));
  }

  static String user(User user) {
    ObjectNode doc = JSON.createObjectNode();
    user.name().ifPresent(name -> doc.put("name", name));
    doc.put("role", user.role().wireName());
    doc.set("teams", strings(user.teams().stream().map(TenantId::value).toList()));
    ObjectNode roles = doc.putObject("teamsRole");
    user.teamsRole().forEach((team, role) -> roles.put(team.value(), role.wireName()));
    doc.set("metadata", metadata(user.metadata()));
    doc.put("updatedAt", Positions.timestamp(user.updatedAt()));
    user.lastEventAt().ifPresent(at -> doc.put("lastEventAt", Positions.timestamp(at)));
    return write(doc);
  }

  static User user(String id, String created, long version, String document) {
    JsonNode doc = read(document);
    Map<TenantId, Role> roles = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("teamsRole").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      roles.put(new TenantId(e.getKey()), Role.parse(e.getValue().asText(), "teamsRole"));
    }
    return new User(id, optionalText(doc, "name"), Role.parse(doc.path("role").asText(), "role"),
        stringList(doc.path("teams")).stream().map(TenantId::new).toList(), roles, metadata(doc.path("metadata")),
        Instant.parse(created), Instant.parse(doc.path("updatedAt").asText()), version,
        optionalText(doc, "lastEventAt").map(Instant::parse));
  }

  private static ObjectNode metadata(Map<String, Object> metadata) {
    ObjectNode node = JSON.createObjectNode();
    metadata.forEach((key, value) -> {
      if (value instanceof List<?> list) {
        ArrayNode array = node.putArray(key);
        list.forEach(item -> array.add(String.valueOf(item)));
      } else {
        node.put(key, String.valueOf(value));
      }
    });
    return node;
  }

  private static Map<String, Object> metadata(JsonNode node) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      metadata.put(e.getKey(), e.getValue().isArray() ? stringList(e.getValue()) : e.getValue().asText());
    }
    return metadata;
  }

  private static ObjectNode entries(Map<String, PermissionList> entries) {
    ObjectNode node = JSON.createObjectNode();
    entries.forEach((key, list) -> node.set(key, strings(list.values())));
    return node;
  }

  private static Map<String, PermissionList> entries(JsonNode node, String field) {
    Map<String, PermissionList> entries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      entries.put(e.getKey(), PermissionList.parse(stringList(e.getValue()), field + "." + e.getKey()));
    }
    return entries;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private static List<String> stringList(JsonNode node) {
    List<String> values = new ArrayList<>(node.size());
    node.forEach(item -> values.add(item.asText()));
    return values;
  }

  private static Optional<String> optionalText(JsonNode doc, String field) {
    JsonNode value = doc.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static String write(JsonNode doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new StorageException("Could not encode a stored document.", e);
    }
  }

  private static JsonNode read(String document) {
    try {
      return JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new StorageException("Could not read a stored document: the database holds a malformed row.", e);
    }
  }
}
