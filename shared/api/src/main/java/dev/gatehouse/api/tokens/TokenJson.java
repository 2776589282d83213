package dev.gatehouse.api.tokens;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.tokens.ConnectionCheck;
import dev.gatehouse.tokens.IssuedToken;

/** Token responses. */
public final class TokenJson {
  private TokenJson() {}

  /** {@code {"token": "…"}}, as the Liveblocks SDKs expect. */
  public static ObjectNode token(IssuedToken token) {
    ObjectNode json = Json.object();
    json.put("token", token.token());
    return json;
  }

  /**
   * {@code {"userId", "organizationId", "groupIds", "tokenKind", "permissions": {"room", "storage",
   * "comments", "comments:public", "comments:private", "feeds"}}}: who may enter, and with what.
   */
  public static ObjectNode connection(ConnectionCheck.Result result) {
    ObjectNode json = Json.object();
    json.put("userId", result.token().userId());
    json.put("organizationId", result.tenant().value());
    ArrayNode groups = json.putArray("groupIds");
    result.token().groupIds().forEach(groups::add);
    json.put("tokenKind", result.token().kind().claim());
    ObjectNode permissions = json.putObject("permissions");
    result.decision().access().toWire().forEach(permissions::put);
    return json;
  }
}
