package dev.gatehouse.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.service.query.FilterParser;
import dev.gatehouse.service.query.QueryService;
import dev.gatehouse.store.Ordering;

/**
 * Decodes a query: {@code {"filter": {…}, "sort"?: [{"field": "createdAt"|"id", "direction":
 * 1|-1}], "limit"?: 1..100, "startingAfter"?: cursor}}. By default rooms and users come newest
 * first; sorting by id defaults to ascending.
 */
public final class QueryRequests {
  private QueryRequests() {}

  public static QueryService.Query rooms(String body) {
    return parse(body, FilterParser.ROOMS);
  }

  public static QueryService.Query users(String body) {
    return parse(body, FilterParser.USERS);
  }

  private static QueryService.Query parse(String body, FilterParser.Schema schema) {
    ObjectNode json = body == null || body.isBlank() ? Json.object() : Json.parseObject(body);
    Json.alias(json, "the query", "filter_conditions", "filter");
    Json.alias(json, "the query", "starting_after", "startingAfter");
    Json.allowOnly(json, "the query", Json.names("filter", "sort", "limit", "startingAfter"));
    JsonNode filter = json.get("filter");
    if (filter != null && !filter.isNull() && !filter.isObject()) {
      throw Json.badShape("filter must be an object");
    }
    Object plain = filter == null || filter.isNull() ? null : Json.MAPPER_FOR_VALUES.convertValue(filter, Object.class);
    int limit = 20;
    JsonNode rawLimit = json.get("limit");
    if (rawLimit != null && !rawLimit.isNull()) {
      if (!rawLimit.canConvertToInt() || !rawLimit.isIntegralNumber()) {
        throw Json.badShape("limit must be a whole number");
      }
      limit = rawLimit.asInt();
    }
    return new QueryService.Query(FilterParser.parse(plain, schema), sort(json.get("sort")), limit,
        Json.string(json, "startingAfter").filter(s -> !s.isEmpty()));
  }

  private static Ordering sort(JsonNode sort) {
    if (sort == null || sort.isNull()) {
      return Ordering.NEWEST_FIRST;
    }
    JsonNode first = sort.isArray() ? sort.get(0) : sort;
    if (first == null || !first.isObject() || (sort.isArray() && sort.size() > 1)) {
      throw Json.badShape("sort must be one {\"field\": \"createdAt\" or \"id\", \"direction\": 1 or -1}");
    }
    Json.allowOnly((ObjectNode) first, "sort", Json.names("field", "direction"));
    String field = Json.string((ObjectNode) first, "field").orElse("createdAt");
    Ordering.Field which = switch (field) {
      case "createdAt", "created_at" -> Ordering.Field.CREATED_AT;
      case "id" -> Ordering.Field.ID;
      default -> throw Json.badShape("sort.field must be createdAt or id");
    };
    JsonNode direction = first.get("direction");
    boolean descending;
    if (direction == null || direction.isNull()) {
      descending = which == Ordering.Field.CREATED_AT;
    } else if (direction.isInt() && (direction.asInt() == 1 || direction.asInt() == -1)) {
      descending = direction.asInt() == -1;
    } else {
      throw Json.badShape("sort.direction must be 1 (ascending) or -1 (descending)");
    }
    return new Ordering(which, descending);
  }
}
