package dev.gatehouse.api.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.service.users.UserService;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserPage;

/**
 * A user as Gatehouse returns it: {@code {"type": "user", "id", "name", "role", "teams",
 * "teamsRole", "metadata", "createdAt", "updatedAt"}}.
 */
public final class UserJson {
  private UserJson() {}

  public static ObjectNode user(User user) {
    ObjectNode json = Json.object();
    json.put("type", "user");
    json.put("id", user.id());
    if (user.name().isPresent()) {
      json.put("name", user.name().get());
    } else {
      json.putNull("name");
    }
    json.put("role", user.role().wireName());
    ArrayNode teams = json.putArray("teams");
    user.teams().forEach(t -> teams.add(t.value()));
    ObjectNode roles = json.putObject("teamsRole");
    user.teamsRole().forEach((team, role) -> roles.put(team.value(), role.wireName()));
    json.set("metadata", Json.MAPPER_FOR_VALUES.valueToTree(user.metadata()));
    json.put("createdAt", WireTime.format(user.createdAt()));
    json.put("updatedAt", WireTime.format(user.updatedAt()));
    return json;
  }

  /** A user with its revocation status: also {@code "revokeTokensIssuedBefore"} and {@code "deactivated"}. */
  public static ObjectNode user(User user, dev.gatehouse.store.UserStatus status) {
    ObjectNode json = user(user);
    RevocationJson.cutoffField(json, status.revokeTokensIssuedBefore());
    json.put("deactivated", status.deactivated());
    return json;
  }

  /** A batch result: {@code {"users": {id: user, …}, "notWritten": [{"id", "error", "message"}]}}. */
  public static ObjectNode batch(UserService.BatchResult result) {
    ObjectNode json = Json.object();
    ObjectNode users = json.putObject("users");
    result.written().forEach(u -> users.set(u.id(), user(u)));
    ArrayNode notWritten = json.putArray("notWritten");
    for (UserService.NotWritten n : result.notWritten()) {
      ObjectNode entry = notWritten.addObject();
      entry.put("id", n.id());
      entry.put("error", n.error().wire());
      entry.put("message", n.message());
    }
    return json;
  }

  public static ObjectNode page(UserPage page) {
    return Json.page(page.users().stream().map(UserJson::user).toList(), page.nextCursor());
  }
}
