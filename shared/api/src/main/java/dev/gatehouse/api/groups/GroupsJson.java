package dev.gatehouse.api.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.groups.GroupService;
import dev.gatehouse.store.groups.Group;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The groups API's JSON, as {@code @liveblocks/node} 3.24.2 sends and parses it: a group is
 * Liveblocks' {@code GroupData} ({@code type: "group"}, {@code id}, {@code organizationId} and
 * its older name {@code tenantId}, {@code createdAt}, {@code updatedAt}, {@code scopes},
 * {@code members: [{id, addedAt}]}); a page is {@code {"nextCursor", "data"}}.
 */
public final class GroupsJson {
  private static final Set<String> CREATE_FIELDS = Json.names("id", "groupId", "memberIds", "organizationId", "tenantId", "scopes");
  private static final Set<String> MEMBERS_FIELDS = Json.names("memberIds");

  private GroupsJson() {}

  /** {@code POST /v2/groups}: the SDK sends the id as {@code id} and as {@code groupId}. */
  public record Creation(String id, List<String> memberIds, Optional<String> organizationId, boolean mention) {}

  public static Creation creation(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the group", CREATE_FIELDS);
    Optional<String> id = Json.string(json, "id");
    Optional<String> groupId = Json.string(json, "groupId");
    if (id.isPresent() && groupId.isPresent() && !id.equals(groupId)) {
      throw new InvalidInputException(ErrorCode.INVALID_GROUP_ID, "groupId", "id and groupId name different groups",
          "Send the group's id as id (the SDK also sends it as groupId, with the same value).");
    }
    String groupIdOrId = id.or(() -> groupId).orElseThrow(() -> new InvalidInputException(ErrorCode.MISSING_FIELD, "id",
        "id is required", "Send the new group's id, for example {\"id\": \"engineering\"}."));
    List<String> members = Optional.ofNullable(Json.stringList(json.get("memberIds"), "memberIds")).orElse(List.of());
    return new Creation(groupIdOrId, members, RoomRequests.tenant(json), mention(json.get("scopes")));
  }

  /** {@code scopes}: {@code {"mention": true}} (the default when absent) or {@code {}}. */
  private static boolean mention(JsonNode scopes) {
    if (scopes == null || scopes.isNull()) {
      return true;
    }
    if (!scopes.isObject()) {
      throw new InvalidInputException(ErrorCode.INVALID_SCOPES, "scopes", "scopes must be an object such as {\"mention\": true}",
          "Send {\"mention\": true}, or {} for a group that cannot be mentioned.");
    }
    java.util.Iterator<String> names = scopes.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("mention")) {
        throw new InvalidInputException(ErrorCode.INVALID_SCOPES, "scopes." + name, "unknown scope '" + name + "'; the one scope is mention",
            "Send {\"mention\": true}, or {} for a group that cannot be mentioned.");
      }
    }
    JsonNode mention = scopes.get("mention");
    if (mention == null || mention.isNull()) {
      return false;
    }
    if (!mention.isBoolean()) {
      throw new InvalidInputException(ErrorCode.INVALID_SCOPES, "scopes.mention", "scopes.mention must be a boolean",
          "Send {\"mention\": true}.");
    }
    return mention.booleanValue();
  }

  /** {@code POST /v2/groups/{id}/add-members} and {@code remove-members}: {@code {"memberIds": [...]}}. */
  public static List<String> memberIds(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the members", MEMBERS_FIELDS);
    List<String> ids = Json.stringList(json.get("memberIds"), "memberIds");
    if (ids == null) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "memberIds", "memberIds is required",
          "Send {\"memberIds\": [\"user-1\", ...]}.");
    }
    return ids;
  }

  /** {@code limit} (1 to 100, default 20) of a listing. */
  public static int limit(HttpRequest request) {
    Optional<String> raw = request.queryParameter("limit").filter(s -> !s.isEmpty());
    if (raw.isEmpty()) {
      return 20;
    }
    try {
      return Integer.parseInt(raw.get().trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "limit", "limit must be a whole number between 1 and 100",
          "Leave limit out for the default of 20.");
    }
  }

  public static Optional<String> startingAfter(HttpRequest request) {
    return request.queryParameter("startingAfter").filter(s -> !s.isEmpty());
  }

  public static ObjectNode group(Group group) {
    ObjectNode json = Json.object();
    json.put("type", "group");
    json.put("id", group.id());
    json.put("organizationId", group.tenant().value());
    json.put("tenantId", group.tenant().value());
    json.put("createdAt", WireTime.format(group.createdAt()));
    json.put("updatedAt", WireTime.format(group.updatedAt()));
    ObjectNode scopes = json.putObject("scopes");
    if (group.mention()) {
      scopes.put("mention", true);
    }
    ArrayNode members = json.putArray("members");
    group.members().forEach((id, at) -> members.addObject().put("id", id).put("addedAt", WireTime.format(at)));
    return json;
  }

  public static ObjectNode page(GroupService.Page page) {
    return Json.page(page.groups().stream().map(GroupsJson::group).toList(), page.nextCursor());
  }
}
