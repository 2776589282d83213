package dev.gatehouse.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one JSON mapper, tree model only (no bean reflection: cheap at cold start), and the
 * helpers that read request bodies. Shape errors (a string where a list belongs, an unknown
 * field) are 400 {@code INVALID_BODY}; value errors are left to the permission module's 422s.
 */
public final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The longest string a request body may hold, and the deepest nesting. */
  private static final int BODY_STRING_MAX_LENGTH = 1_000_000;
  private static final int MAX_NESTING_DEPTH = 32;

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(BODY_STRING_MAX_LENGTH).build());
  }

  /**
   * Reads whole Lambda events, and the responses the local server relays. An HTTP event carries
   * its body as one string, so the body's cap above would make every body of a million
   * characters an unreadable event (an unhandled function error, no answer locally). An event
   * is bounded by Lambda's 6 MB payload instead; the body inside it is parsed with the caps above.
   */
  static final ObjectMapper EVENT_MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    EVENT_MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(Integer.MAX_VALUE).build());
  }

  /** For converting a parsed JSON value into plain Java maps and lists (userInfo). */
  public static final ObjectMapper MAPPER_FOR_VALUES = MAPPER;

  private Json() {}

  /** A whole Lambda event (or a relayed response), bounded by the event's size, not a body's. */
  public static JsonNode readEvent(java.io.InputStream in) throws java.io.IOException {
    return EVENT_MAPPER.readTree(in);
  }

  /** Writes a function's result. */
  public static void writeTo(java.io.OutputStream out, Object value) throws java.io.IOException {
    MAPPER.writeValue(out, value);
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Parses any JSON value, for values a handler must measure (userInfo) or pass on. */
  public static JsonNode parseTree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a whole event or a handler's response event, whose strings are not capped (see {@link #EVENT_MAPPER}). */
  public static JsonNode parseEvent(String text) {
    try {
      return EVENT_MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a request body that must be a JSON object.
   *
   * @throws InvalidRequestException {@code INVALID_JSON} (not JSON) or {@code INVALID_BODY} (not an object)
   */
  public static ObjectNode parseObject(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequestException(ErrorCode.INVALID_BODY, "The request body is empty; a JSON object is expected.",
          "Send a JSON object with Content-Type: application/json.");
    }
    JsonNode node;
    try (JsonParser parser = MAPPER.createParser(body)) {
      node = MAPPER.readTree(parser);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(ErrorCode.INVALID_JSON,
          "The request body is not valid JSON: " + e.getOriginalMessage(),
          "Check the body: it must be one JSON object.");
    } catch (java.io.IOException e) {
      throw new InvalidRequestException(ErrorCode.INVALID_JSON, "The request body could not be read.", "Send a JSON object.");
    }
    if (node == null || !node.isObject()) {
      throw badShape("The request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Rejects fields outside {@code allowed}, naming the first unknown one. */
  /**
   * Accepts Stream's snake_case spelling of a field ({@code teams_role}) for Gatehouse's own
   * ({@code teamsRole}): renamed in place before the body is read. Both at once is refused, so
   * no request means two things. docs/openapi.md lists every alias.
   */
  public static void alias(ObjectNode node, String where, String snakeCase, String camelCase) {
    if (!node.has(snakeCase)) {
      return;
    }
    if (node.has(camelCase)) {
      throw badShape(where + " names both '" + snakeCase + "' and '" + camelCase + "', one field in two spellings: send one");
    }
    node.set(camelCase, node.remove(snakeCase));
  }

  public static void allowOnly(ObjectNode node, String where, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw badShape("Unknown field '" + name + "' in " + where + "; allowed: " + String.join(", ", allowed));
      }
    }
  }

  /** A string field; empty when absent or null. */
  public static Optional<String> string(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw badShape(field + " must be a string");
    }
    return Optional.of(value.asText());
  }

  /** A list of strings; {@code null} when the field is absent. */
  public static List<String> stringList(JsonNode value, String field) {
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw badShape(field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw badShape(field + " must contain only strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  /** An object of string lists (accesses); empty when absent or null. */
  public static Map<String, List<String>> accesses(JsonNode value, String field) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isObject()) {
      throw badShape(field + " must be an object of id to permission list");
    }
    value.properties().forEach(e -> out.put(e.getKey(), requireList(e.getValue(), field + "." + e.getKey())));
    return out;
  }

  private static List<String> requireList(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      throw badShape(field + " must be a list of permissions");
    }
    return stringList(value, field);
  }

  /**
   * Metadata values as plain Java: String, List of String, or whatever else the client sent, kept
   * as its own type (Boolean, Number, Map) so that the limits refuse it; never stringified.
   */
  public static Object plain(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<Object> out = new ArrayList<>(value.size());
      value.forEach(item -> out.add(plain(item)));
      return out;
    }
    if (value.isNull()) {
      return null;
    }
    return MAPPER_FOR_VALUES.convertValue(value, Object.class);
  }

  /** Metadata of a new room; empty when absent or null. */
  public static Map<String, Object> metadata(JsonNode value, String field) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isObject()) {
      throw badShape(field + " must be an object");
    }
    value.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
    return out;
  }

  /** A page: {@code {"nextCursor": string|null, "data": [...]}}. */
  public static ObjectNode page(java.util.List<? extends JsonNode> data, Optional<String> nextCursor) {
    ObjectNode json = object();
    if (nextCursor.isPresent()) {
      json.put("nextCursor", nextCursor.get());
    } else {
      json.putNull("nextCursor");
    }
    json.putArray("data").addAll(data);
    return json;
  }

  public static Set<String> names(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }

  public static InvalidRequestException badShape(String message) {
    return new InvalidRequestException(ErrorCode.INVALID_BODY, message + ".",
        "Check the request body against the Liveblocks REST API v2 shape.");
  }
}
