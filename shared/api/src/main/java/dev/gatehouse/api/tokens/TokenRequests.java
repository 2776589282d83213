package dev.gatehouse.api.tokens;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.service.tokens.AuthorizeUser;
import dev.gatehouse.service.tokens.IdentifyUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Decodes the token requests of the Liveblocks REST API v2 (and Gatehouse's connection check). */
public final class TokenRequests {
  static final Set<String> IDENTIFY_FIELDS = Json.names("userId", "groupIds", "userInfo", "organizationId", "tenantId");
  static final Set<String> AUTHORIZE_FIELDS = Json.names("userId", "permissions", "userInfo", "organizationId", "tenantId");
  static final Set<String> CONNECTION_FIELDS = Json.names("token", "roomId");
  static final Set<String> CONNECTIONS_FIELDS = Json.names("token", "roomIds");
  static final Set<String> EXPLAIN_FIELDS = Json.names("userId", "groupIds", "organizationId", "tenantId", "roomId");

  private TokenRequests() {}

  /**
   * Parses one sample of each token request, so that the JSON binding they need (built by Jackson
   * on first use) is in a SnapStart snapshot rather than in the first invocation.
   */
  public static void prime() {
    identify("{\"userId\":\"u\",\"groupIds\":[\"g\"],\"organizationId\":\"t\",\"userInfo\":{\"name\":\"n\"}}");
    authorize("{\"userId\":\"u\",\"permissions\":{\"r-*\":[\"*:write\"]},\"tenantId\":\"t\",\"userInfo\":{\"name\":\"n\"}}");
    connection("{\"token\":\"t\",\"roomId\":\"r\"}");
  }

  /** The body of {@code POST /v2/identify-user}. */
  public static IdentifyUser identify(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the identify-user request", IDENTIFY_FIELDS);
    JsonNode groups = json.get("groupIds");
    UserInfo info = userInfo(json);
    return new IdentifyUser(
        userId(json),
        groups == null || groups.isNull() ? List.of() : Json.stringList(groups, "groupIds"),
        tenant(json),
        info.values(),
        info.length());
  }

  /** The body of {@code POST /v2/authorize-user}. */
  public static AuthorizeUser authorize(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the authorize-user request", AUTHORIZE_FIELDS);
    JsonNode permissions = json.get("permissions");
    if (permissions == null || permissions.isNull()) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "permissions", "Missing key: 'permissions'.",
          "Send permissions as an object of room pattern to permission list, e.g. {\"room-*\": [\"*:write\"]}.");
    }
    if (!permissions.isObject()) {
      throw Json.badShape("permissions must be an object of room pattern to permission list");
    }
    Map<String, List<String>> raw = new LinkedHashMap<>();
    permissions.properties().forEach(e -> raw.put(e.getKey(),
        e.getValue().isNull() ? null : Json.stringList(e.getValue(), "permissions['" + e.getKey() + "']")));
    UserInfo info = userInfo(json);
    return new AuthorizeUser(userId(json), raw, tenant(json), info.values(), info.length());
  }

  /** The body of {@code POST /v2/authorize-connection}. */
  public record Connection(String token, String roomId) {}

  /** The body of {@code POST /v2/authorize-connections}: a token and the rooms to check it against. */
  public record Connections(String token, List<String> roomIds) {}

  public static Connections connections(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the authorize-connections request", CONNECTIONS_FIELDS);
    List<String> roomIds = Json.stringList(json.get("roomIds"), "roomIds");
    if (roomIds == null) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "roomIds", "Missing key: 'roomIds'.",
          "Send the rooms to check, e.g. {\"token\": \"...\", \"roomIds\": [\"room-1\", \"room-2\"]}.");
    }
    return new Connections(Json.string(json, "token").orElse(""), roomIds);
  }

  public static Connection connection(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the authorize-connection request", CONNECTION_FIELDS);
    String roomId = Json.string(json, "roomId").orElseThrow(() -> new InvalidInputException(
        ErrorCode.MISSING_FIELD, "roomId", "Missing key: 'roomId'.", "Send the room the client wants to enter."));
    return new Connection(Json.string(json, "token").orElse(""), roomId);
  }

  /** The body of {@code POST /v2/explain}: the user as {@code identify-user} would name them, and a room. */
  public record Explain(String userId, List<String> groupIds, Optional<String> organizationId, String roomId) {}

  public static Explain explain(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the explain request", EXPLAIN_FIELDS);
    JsonNode groups = json.get("groupIds");
    String roomId = Json.string(json, "roomId").orElseThrow(() -> new InvalidInputException(
        ErrorCode.MISSING_FIELD, "roomId", "Missing key: 'roomId'.", "Send the room to explain the user's access to."));
    return new Explain(userId(json), groups == null || groups.isNull() ? List.of() : Json.stringList(groups, "groupIds"),
        tenant(json), roomId);
  }

  private static String userId(ObjectNode json) {
    return Json.string(json, "userId").orElseThrow(() -> new InvalidInputException(
        ErrorCode.MISSING_FIELD, "userId", "Missing key: 'userId'.", "Send the id of the user you authenticated."));
  }

  private static Optional<String> tenant(ObjectNode json) {
    Optional<String> organization = Json.string(json, "organizationId");
    Optional<String> tenant = Json.string(json, "tenantId");
    if (organization.isPresent() && tenant.isPresent() && !organization.equals(tenant)) {
      throw new InvalidInputException(ErrorCode.INVALID_TENANT, "tenantId", "organizationId and tenantId name different tenants",
          "Send organizationId only; tenantId is its older name.");
    }
    return organization.or(() -> tenant);
  }

  private record UserInfo(Map<String, Object> values, int length) {}

  private static UserInfo userInfo(ObjectNode json) {
    JsonNode info = json.get("userInfo");
    if (info == null || info.isNull()) {
      return new UserInfo(Map.of(), 0);
    }
    if (!info.isObject()) {
      throw new InvalidRequestException(ErrorCode.INVALID_BODY, "userInfo must be an object.",
          "Send userInfo as a JSON object, e.g. {\"name\": \"Marie\", \"avatar\": \"https://…\"}.");
    }
    Map<String, Object> values = Json.MAPPER_FOR_VALUES.convertValue(info, new TypeReference<LinkedHashMap<String, Object>>() {});
    return new UserInfo(values, Json.write(info).length());
  }
}
