package dev.gatehouse.api.users;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.users.UserInput;
import dev.gatehouse.service.users.UserPatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes {@code POST /v2/users} and {@code PATCH /v2/users}. */
public final class UserRequests {
  private UserRequests() {}

  /** {@code {"users": [{"id", "name"?, "role"?, "teams"?, "teamsRole"?, "metadata"?}]}}. */
  public static List<UserInput> upsert(String body) {
    List<UserInput> users = new ArrayList<>();
    List<JsonNode> entries = entries(body);
    for (int i = 0; i < entries.size(); i++) {
      String at = "users[" + i + "]";
      ObjectNode user = object(entries.get(i), at);
      Json.alias(user, at, "teams_role", "teamsRole");
      Json.allowOnly(user, at, Json.names("id", "name", "role", "teams", "teamsRole", "metadata"));
      JsonNode teamsRole = user.get("teamsRole");
      if (teamsRole != null && !teamsRole.isNull() && !teamsRole.isObject()) {
        throw Json.badShape(at + ".teamsRole must be an object of team to role");
      }
      Map<String, String> roles = null;
      if (teamsRole != null && teamsRole.isObject()) {
        roles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : teamsRole.properties()) {
          if (!e.getValue().isTextual()) {
            throw Json.badShape(at + ".teamsRole." + e.getKey() + " must be a role name");
          }
          roles.put(e.getKey(), e.getValue().asText());
        }
      }
      JsonNode teams = user.get("teams");
      users.add(new UserInput(
          required(user, "id", at),
          Json.string(user, "name").orElse(null),
          Json.string(user, "role").orElse(null),
          teams == null || teams.isNull() ? null : Json.stringList(teams, at + ".teams"),
          roles,
          user.get("metadata") == null || user.get("metadata").isNull() ? null : Json.metadata(user.get("metadata"), at + ".metadata")));
    }
    return users;
  }

  /** {@code {"users": [{"id", "set"?: {…}, "unset"?: ["…"]}]}}. */
  public static List<UserPatch> patch(String body) {
    List<UserPatch> patches = new ArrayList<>();
    List<JsonNode> entries = entries(body);
    for (int i = 0; i < entries.size(); i++) {
      String at = "users[" + i + "]";
      ObjectNode entry = object(entries.get(i), at);
      Json.allowOnly(entry, at, Json.names("id", "set", "unset"));
      JsonNode set = entry.get("set");
      if (set != null && !set.isNull() && !set.isObject()) {
        throw Json.badShape(at + ".set must be an object");
      }
      if (set != null && set.isObject()) {
        Json.alias((ObjectNode) set, at + ".set", "teams_role", "teamsRole");
      }
      Map<String, Object> values = set == null || set.isNull() ? Map.of()
          : Json.MAPPER_FOR_VALUES.convertValue(set, new TypeReference<LinkedHashMap<String, Object>>() {});
      JsonNode unset = entry.get("unset");
      List<String> names = unset == null || unset.isNull() ? List.of()
          : Json.stringList(unset, at + ".unset").stream().map(n -> n.equals("teams_role") ? "teamsRole" : n).toList();
      patches.add(new UserPatch(required(entry, "id", at), values, names));
    }
    return patches;
  }

  private static List<JsonNode> entries(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the request", Json.names("users"));
    JsonNode users = json.get("users");
    if (users == null || users.isNull()) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "users", "Missing key: 'users'.", "Send {\"users\": [{\"id\": \"…\"}]}.");
    }
    if (!users.isArray()) {
      throw Json.badShape("users must be an array");
    }
    List<JsonNode> out = new ArrayList<>();
    users.forEach(out::add);
    return out;
  }

  private static ObjectNode object(JsonNode node, String at) {
    if (!node.isObject()) {
      throw Json.badShape(at + " must be an object");
    }
    return (ObjectNode) node;
  }

  private static String required(ObjectNode node, String field, String at) {
    return Json.string(node, field).orElseThrow(() -> new InvalidInputException(ErrorCode.MISSING_FIELD, at + "." + field,
        "Missing key: '" + at + "." + field + "'.", "Every user needs an id."));
  }
}
