package dev.gatehouse.api.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.Json;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.rooms.ListRooms;
import dev.gatehouse.service.rooms.MapPatch;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.rooms.RoomPatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Decodes the room requests of the Liveblocks REST API v2 into service inputs. */
public final class RoomRequests {
  /** Fields of POST /v2/rooms; {@code engine} (a Liveblocks storage-engine hint) is accepted and ignored. */
  static final Set<String> CREATE_FIELDS = Json.names(
      "id", "defaultAccesses", "groupsAccesses", "usersAccesses", "metadata", "organizationId", "tenantId", "engine");
  static final Set<String> UPDATE_FIELDS = Json.names(
      "defaultAccesses", "groupsAccesses", "usersAccesses", "metadata", "organizationId", "tenantId");
  static final Set<String> UPSERT_FIELDS = Json.names("update", "create");

  private RoomRequests() {}

  /** The body of {@code POST /v2/rooms}. */
  public static NewRoom create(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the room", CREATE_FIELDS);
    String id = Json.string(json, "id").orElseThrow(() -> new InvalidInputException(
        ErrorCode.MISSING_FIELD, "id", "Missing key: 'id'.", "Send the id of the room to create."));
    return newRoom(json, id);
  }

  private static NewRoom newRoom(ObjectNode json, String id) {
    return new NewRoom(
        id,
        json.get("defaultAccesses") == null || json.get("defaultAccesses").isNull() ? null : Json.stringList(json.get("defaultAccesses"), "defaultAccesses"),
        Json.accesses(json.get("groupsAccesses"), "groupsAccesses"),
        Json.accesses(json.get("usersAccesses"), "usersAccesses"),
        Json.metadata(json.get("metadata"), "metadata"),
        tenant(json));
  }

  /**
   * The body of {@code POST /v2/c/rooms}: as {@code POST /v2/rooms}, the team given as {@code
   * organizationId}, {@code tenantId} or {@code team}; {@code defaultAccesses} may be left out
   * (private).
   */
  public static NewRoom clientCreate(String body) {
    ObjectNode json = Json.parseObject(body);
    Set<String> fields = new LinkedHashSet<>(CREATE_FIELDS);
    fields.add("team");
    Json.allowOnly(json, "the room", fields);
    String id = Json.string(json, "id").orElseThrow(() -> new InvalidInputException(
        ErrorCode.MISSING_FIELD, "id", "Missing key: 'id'.", "Send the id of the room to create."));
    Optional<String> team = Json.string(json, "team");
    Optional<String> tenant = tenant(json);
    if (team.isPresent() && tenant.isPresent() && !team.equals(tenant)) {
      throw new InvalidInputException(ErrorCode.INVALID_TENANT, "team", "team and organizationId name different teams",
          "Send the team once.");
    }
    NewRoom room = newRoom(json, id);
    return new NewRoom(room.id(), room.defaultAccesses(), room.groupsAccesses(), room.usersAccesses(), room.metadata(),
        team.or(() -> tenant));
  }

  /** The body of {@code POST /v2/rooms/{roomId}}. */
  public static RoomPatch update(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the update", UPDATE_FIELDS);
    return patch(json);
  }

  /** The body of {@code POST /v2/rooms/{roomId}/update-room-id}: {@code {"newRoomId"}}. */
  public static String newRoomId(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the update-room-id request", Json.names("newRoomId"));
    return Json.string(json, "newRoomId").orElseThrow(() -> new InvalidInputException(ErrorCode.MISSING_FIELD, "newRoomId",
        "Missing key: 'newRoomId'.", "Send the room's new id, e.g. {\"newRoomId\": \"acme:design-v2\"}."));
  }

  /** The body of {@code POST /v2/rooms/{roomId}/upsert}: the update, and the creation-only fields. */
  public record Upsert(RoomPatch update, Optional<NewRoom> create) {}

  public static Upsert upsert(String body, String roomId) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the upsert", UPSERT_FIELDS);
    JsonNode update = json.get("update");
    if (update == null || update.isNull()) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "update", "Missing key: 'update'.",
          "Send {\"update\": {…}, \"create\": {…}}; update must set at least one field.");
    }
    if (!update.isObject()) {
      throw Json.badShape("update must be an object");
    }
    Json.allowOnly((ObjectNode) update, "update", UPDATE_FIELDS);
    JsonNode create = json.get("create");
    Optional<NewRoom> creation = Optional.empty();
    if (create != null && !create.isNull()) {
      if (!create.isObject()) {
        throw Json.badShape("create must be an object");
      }
      Set<String> createFields = new LinkedHashSet<>(CREATE_FIELDS);
      createFields.remove("id");
      Json.allowOnly((ObjectNode) create, "create", createFields);
      creation = Optional.of(newRoom((ObjectNode) create, roomId));
    }
    return new Upsert(patch((ObjectNode) update), creation);
  }

  private static RoomPatch patch(ObjectNode json) {
    Optional<List<String>> defaults = Optional.empty();
    if (json.has("defaultAccesses")) {
      JsonNode value = json.get("defaultAccesses");
      // null makes the room private, as [] does.
      defaults = Optional.of(value.isNull() ? List.of() : Json.stringList(value, "defaultAccesses"));
    }
    return new RoomPatch(
        defaults,
        accessPatch(json.get("groupsAccesses"), "groupsAccesses"),
        accessPatch(json.get("usersAccesses"), "usersAccesses"),
        metadataPatch(json.get("metadata")),
        tenant(json));
  }

  private static MapPatch<List<String>> accessPatch(JsonNode value, String field) {
    if (value == null) {
      return MapPatch.none();
    }
    if (value.isNull()) {
      return new MapPatch<>(true, Map.of(), Set.of());
    }
    if (!value.isObject()) {
      throw Json.badShape(field + " must be an object of id to permission list (or null to clear it)");
    }
    Map<String, List<String>> set = new LinkedHashMap<>();
    Set<String> remove = new LinkedHashSet<>();
    value.properties().forEach(e -> {
      if (e.getValue().isNull()) {
        remove.add(e.getKey());
      } else {
        set.put(e.getKey(), Json.stringList(e.getValue(), field + "." + e.getKey()));
      }
    });
    return new MapPatch<>(false, set, remove);
  }

  private static MapPatch<Object> metadataPatch(JsonNode value) {
    if (value == null) {
      return MapPatch.none();
    }
    if (value.isNull()) {
      return new MapPatch<>(true, Map.of(), Set.of());
    }
    if (!value.isObject()) {
      throw Json.badShape("metadata must be an object (or null to clear it)");
    }
    Map<String, Object> set = new LinkedHashMap<>();
    Set<String> remove = new LinkedHashSet<>();
    value.properties().forEach(e -> {
      if (e.getValue().isNull()) {
        remove.add(e.getKey());
      } else {
        set.put(e.getKey(), Json.plain(e.getValue()));
      }
    });
    return new MapPatch<>(false, set, remove);
  }

  /** {@code organizationId}, or its older name {@code tenantId}; both must agree if both are sent. */
  public static Optional<String> tenant(ObjectNode json) {
    Optional<String> organization = Json.string(json, "organizationId");
    Optional<String> tenant = Json.string(json, "tenantId");
    if (organization.isPresent() && tenant.isPresent() && !organization.equals(tenant)) {
      throw new InvalidInputException(ErrorCode.INVALID_TENANT, "tenantId",
          "organizationId and tenantId name different tenants",
          "Send organizationId only; tenantId is its older name.");
    }
    return organization.or(() -> tenant);
  }

  /** The query of {@code GET /v2/rooms}. */
  public static ListRooms list(HttpRequest request) {
    int limit = 20;
    Optional<String> rawLimit = request.queryParameter("limit").filter(s -> !s.isEmpty());
    if (rawLimit.isPresent()) {
      try {
        limit = Integer.parseInt(rawLimit.get().trim());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "limit", "limit must be a whole number between 1 and 100",
            "Leave limit out for the default of 20.");
      }
    }
    List<String> groupIds = new ArrayList<>();
    request.queryParameter("groupIds").ifPresent(raw ->
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(groupIds::add));
    Map<String, String> legacy = new LinkedHashMap<>();
    request.query().forEach((name, value) -> {
      if (name.startsWith("metadata.") && name.length() > "metadata.".length()) {
        legacy.put(name.substring("metadata.".length()), value);
      }
    });
    return new ListRooms(
        limit,
        request.queryParameter("startingAfter").filter(s -> !s.isEmpty()),
        request.queryParameter("organizationId").or(() -> request.queryParameter("tenantId")).filter(s -> !s.isEmpty()),
        request.queryParameter("userId").filter(s -> !s.isEmpty()),
        groupIds,
        request.queryParameter("query").filter(s -> !s.isBlank()),
        legacy);
  }
}
