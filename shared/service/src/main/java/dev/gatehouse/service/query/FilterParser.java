package dev.gatehouse.service.query;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.service.query.Filter.Op;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a filter in the MongoDB style Stream uses: an object whose keys are fields (ANDed) or
 * {@code $and} / {@code $or}; a field takes a value ({@code $eq}), {@code null} (no value), {@code
 * {}} (any team), or an object of operators. Every mistake is a 400 {@code INVALID_FILTER} whose
 * message names the path.
 *
 * <p>The input is plain Java: Map, List, String, Number, Boolean and null, as a JSON decoder
 * gives them.
 */
public final class FilterParser {

  /** What a field holds, and so which operators it takes. */
  public enum FieldType {
    /** An id or a name: equality and membership. */
    STRING(EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NIN, Op.EXISTS)),
    /** A display name: also prefix search. */
    TEXT(EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NIN, Op.EXISTS, Op.AUTOCOMPLETE)),
    /** A team (rooms: one or none; users: many): also {@code {}} and {@code null}. */
    TEAM(EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NIN, Op.EXISTS)),
    /** A timestamp: ranges. */
    DATE(EnumSet.of(Op.EQ, Op.NE, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.EXISTS));

    final Set<Op> ops;

    FieldType(Set<Op> ops) {
      this.ops = ops;
    }
  }

  /**
   * The fields of one kind of subject.
   *
   * @param fields field name to type
   * @param aliases another name to the field it stands for
   * @param metadataFields whether {@code metadata.<key>} fields (strings) exist
   */
  public record Schema(Map<String, FieldType> fields, Map<String, String> aliases, boolean metadataFields) {}

  /** Rooms: {@code id}, {@code team} (alias {@code organizationId}), {@code metadata.<key>}, {@code createdAt}. */
  public static final Schema ROOMS = new Schema(
      Map.of("id", FieldType.STRING, "team", FieldType.TEAM, "createdAt", FieldType.DATE),
      Map.of("organizationId", "team", "created_at", "createdAt"), true);

  /** Users: {@code id}, {@code name}, {@code teams}, {@code role}, {@code createdAt}. */
  public static final Schema USERS = new Schema(
      Map.of("id", FieldType.STRING, "name", FieldType.TEXT, "teams", FieldType.TEAM, "role", FieldType.STRING,
          "createdAt", FieldType.DATE),
      Map.of("created_at", "createdAt"), false);

  private static final int MAX_DEPTH = 8;
  private static final int MAX_IN = 250;

  private FilterParser() {}

  public static Filter parse(Object filter, Schema schema) {
    if (filter == null) {
      return Filter.ALL;
    }
    return object(filter, schema, "filter", 0);
  }

  private static Filter object(Object node, Schema schema, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw error(path, "is nested too deeply (at most " + MAX_DEPTH + " levels)");
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw error(path, "must be an object");
    }
    List<Filter> all = new ArrayList<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      String at = path + "." + key;
      switch (key) {
        case "$and", "$or" -> {
          if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw error(at, "must be a non-empty array of filters");
          }
          List<Filter> children = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            children.add(object(list.get(i), schema, at + "[" + i + "]", depth + 1));
          }
          all.add(key.equals("$and") ? new Filter.And(children) : new Filter.Or(children));
        }
        default -> {
          if (key.startsWith("$")) {
            throw error(at, "is not an operator here; at the top level use fields, $and or $or");
          }
          all.add(field(key, value, schema, at));
        }
      }
    }
    return all.size() == 1 ? all.getFirst() : new Filter.And(all);
  }

  private static Filter field(String name, Object condition, Schema schema, String path) {
    String field = schema.aliases().getOrDefault(name, name);
    FieldType type = schema.fields().get(field);
    if (type == null && schema.metadataFields() && field.startsWith("metadata.") && field.length() > "metadata.".length()) {
      type = FieldType.STRING;
    }
    if (type == null) {
      throw error(path, "is not a field; fields: " + fieldList(schema));
    }
    if (condition == null) {
      if (type != FieldType.TEAM) {
        return new Filter.Compare(field, Op.EXISTS, false);
      }
      return new Filter.NoValue(field);
    }
    if (condition instanceof Map<?, ?> ops) {
      if (ops.isEmpty()) {
        if (type != FieldType.TEAM) {
          throw error(path, "is empty; {} (every team) is only for " + teamFields(schema));
        }
        return new Filter.AnyValue(field);
      }
      List<Filter> all = new ArrayList<>();
      for (Map.Entry<?, ?> entry : ops.entrySet()) {
        all.add(operator(field, type, String.valueOf(entry.getKey()), entry.getValue(), path + "." + entry.getKey()));
      }
      return all.size() == 1 ? all.getFirst() : new Filter.And(all);
    }
    return operator(field, type, "$eq", condition, path);
  }

  private static Filter operator(String field, FieldType type, String name, Object operand, String path) {
    Op op = switch (name) {
      case "$eq" -> Op.EQ;
      case "$ne" -> Op.NE;
      case "$in" -> Op.IN;
      case "$nin" -> Op.NIN;
      case "$gt" -> Op.GT;
      case "$gte" -> Op.GTE;
      case "$lt" -> Op.LT;
      case "$lte" -> Op.LTE;
      case "$exists" -> Op.EXISTS;
      case "$autocomplete" -> Op.AUTOCOMPLETE;
      default -> throw error(path, "is not an operator; use $eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $exists, $autocomplete");
    };
    if (!type.ops.contains(op)) {
      throw error(path, "cannot be used on " + field + " (" + type.name().toLowerCase() + "); it takes " + opList(type.ops));
    }
    if (op == Op.EQ && operand == null) {
      return type == FieldType.TEAM ? new Filter.NoValue(field) : new Filter.Compare(field, Op.EXISTS, false);
    }
    return switch (op) {
      case EQ, NE, AUTOCOMPLETE -> new Filter.Compare(field, op, type == FieldType.DATE ? date(operand, path).toString() : string(operand, path));
      case IN, NIN -> {
        if (!(operand instanceof List<?> list)) {
          throw error(path, "must be an array");
        }
        if (list.size() > MAX_IN) {
          throw error(path, "has " + list.size() + " values; at most " + MAX_IN);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          values.add(string(list.get(i), path + "[" + i + "]"));
        }
        yield new Filter.Compare(field, op, List.copyOf(values));
      }
      case GT, GTE, LT, LTE -> new Filter.Compare(field, op, date(operand, path));
      case EXISTS -> {
        if (!(operand instanceof Boolean b)) {
          throw error(path, "must be true or false");
        }
        yield new Filter.Compare(field, op, b);
      }
    };
  }

  private static String string(Object value, String path) {
    if (!(value instanceof String s)) {
      throw error(path, "must be a string");
    }
    return s;
  }

  private static Instant date(Object value, String path) {
    if (!(value instanceof String s)) {
      throw error(path, "must be an ISO-8601 timestamp string, e.g. \"2026-11-22T21:44:48.000Z\"");
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw error(path, "is not an ISO-8601 timestamp (e.g. \"2026-11-22T21:44:48.000Z\")");
    }
  }

  private static String fieldList(Schema schema) {
    List<String> names = new ArrayList<>(schema.fields().keySet());
    names.addAll(schema.aliases().keySet());
    if (schema.metadataFields()) {
      names.add("metadata.<key>");
    }
    return String.join(", ", names.stream().sorted().toList());
  }

  private static String teamFields(Schema schema) {
    return schema.fields().entrySet().stream().filter(e -> e.getValue() == FieldType.TEAM).map(Map.Entry::getKey).findFirst().orElse("team");
  }

  private static String opList(Set<Op> ops) {
    return String.join(", ", ops.stream().map(o -> "$" + switch (o) {
      case AUTOCOMPLETE -> "autocomplete";
      default -> o.name().toLowerCase();
    }).toList());
  }

  private static InvalidRequestException error(String path, String problem) {
    return new InvalidRequestException(ErrorCode.INVALID_FILTER, "Invalid filter: " + path + " " + problem + ".",
        "Write filters like {\"name\": {\"$autocomplete\": \"jo\"}, \"teams\": {\"$in\": [\"red\"]}}.");
  }
}
