package dev.gatehouse.service.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.InvalidRequestException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FilterParserTest {
  private static final Function<String, Set<String>> JORDAN_RED = field -> switch (field) {
    case "id" -> Set.of("jordan");
    case "name" -> Set.of("Jordan Smith");
    case "teams" -> Set.of("red", "blue");
    case "role" -> Set.of("user");
    case "createdAt" -> Set.of("2026-06-01T00:00:00Z");
    default -> Set.of();
  };
  private static final Function<String, Set<String>> TOM_NO_TEAM = field -> switch (field) {
    case "id" -> Set.of("tom");
    case "name" -> Set.of("Tom");
    case "createdAt" -> Set.of("2025-01-01T00:00:00Z");
    default -> Set.of();
  };

  private static Filter users(Object filter) {
    return FilterParser.parse(filter, FilterParser.USERS);
  }

  private static Map<String, Object> nullValued(String key) {
    Map<String, Object> m = new HashMap<>();
    m.put(key, null);
    return m;
  }

  @Test
  void valuesOperatorsAndCombinators() {
    assertTrue(users(Map.of("name", "Jordan Smith")).test(JORDAN_RED), "a bare value is $eq");
    assertTrue(users(Map.of("teams", "red")).test(JORDAN_RED), "a many-valued field contains the value");
    assertTrue(users(Map.of("teams", Map.of("$in", List.of("green", "blue")))).test(JORDAN_RED));
    assertFalse(users(Map.of("teams", Map.of("$nin", List.of("blue")))).test(JORDAN_RED));
    assertTrue(users(Map.of("name", Map.of("$autocomplete", "smi"))).test(JORDAN_RED), "prefix of any word");
    assertTrue(users(Map.of("name", Map.of("$autocomplete", "JOR"))).test(JORDAN_RED), "case-insensitive");
    assertTrue(users(Map.of("createdAt", Map.of("$gte", "2026-01-01T00:00:00Z", "$lt", "2027-01-01T00:00:00Z"))).test(JORDAN_RED));
    assertFalse(users(Map.of("createdAt", Map.of("$gt", "2026-06-01T00:00:00Z"))).test(JORDAN_RED));
    assertTrue(users(Map.of("$or", List.of(Map.of("name", "x"), Map.of("role", Map.of("$ne", "admin"))))).test(JORDAN_RED));
    assertFalse(users(Map.of("$and", List.of(Map.of("name", Map.of("$exists", true)), Map.of("role", "admin")))).test(JORDAN_RED));
  }

  @Test
  void theTeamSpecialForms() {
    assertTrue(users(Map.of("teams", Map.of())).test(TOM_NO_TEAM), "{} asks for every team, and none");
    assertTrue(users(nullValued("teams")).test(TOM_NO_TEAM));
    assertFalse(users(nullValued("teams")).test(JORDAN_RED));
    assertTrue(users(Map.of("teams", nullValued("$eq"))).test(TOM_NO_TEAM), "{$eq: null} is no team");
    Filter rooms = FilterParser.parse(Map.of("organizationId", "red"), FilterParser.ROOMS);
    assertTrue(Filter.names(rooms, "team"), "organizationId is an alias of team");
  }

  @Test
  void teamLimitsDecideWhichPartitionsAreRead() {
    assertEquals(Optional.of(Set.of("red")), Filter.limits(users(Map.of("teams", "red", "name", "x")), "teams"));
    assertEquals(Optional.of(Set.of("red", "blue")), Filter.limits(users(Map.of("teams", Map.of("$in", List.of("red", "blue")))), "teams"));
    assertEquals(Optional.of(Set.of("")), Filter.limits(users(nullValued("teams")), "teams"), "no team: the default partition");
    assertEquals(Optional.of(Set.of("blue")), Filter.limits(users(Map.of("$and", List.of(
        Map.of("teams", Map.of("$in", List.of("red", "blue"))), Map.of("teams", "blue")))), "teams"), "AND intersects");
    assertEquals(Optional.of(Set.of("red", "blue")), Filter.limits(users(Map.of("$or", List.of(
        Map.of("teams", "red"), Map.of("teams", "blue")))), "teams"), "OR of limited branches unites");
    assertEquals(Optional.empty(), Filter.limits(users(Map.of("$or", List.of(Map.of("teams", "red"), Map.of("name", "x")))), "teams"),
        "an unlimited branch reads everything");
    assertEquals(Optional.empty(), Filter.limits(users(Map.of("teams", Map.of())), "teams"));
    assertEquals(Optional.empty(), Filter.limits(users(Map.of("teams", Map.of("$ne", "red"))), "teams"));
    // Injected for a caller whose own reach is empty: it matches nothing, so it reads no partition.
    assertEquals(Optional.of(Set.of()), Filter.limits(new Filter.Or(List.of()), "teams"), "an empty OR pins nothing");
  }

  private static void invalid(Object filter, FilterParser.Schema schema, String message) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> FilterParser.parse(filter, schema));
    assertEquals("INVALID_FILTER", e.code());
    assertTrue(e.getMessage().contains(message), () -> e.getMessage() + " lacks " + message);
  }

  @Test
  void mistakesAre400sThatNameThePath() {
    invalid(Map.of("colour", "red"), FilterParser.USERS, "filter.colour is not a field");
    invalid(Map.of("id", Map.of("$gt", "a")), FilterParser.USERS, "filter.id.$gt cannot be used on id");
    invalid(Map.of("id", Map.of("$autocomplete", "a")), FilterParser.USERS, "filter.id.$autocomplete cannot be used on id");
    invalid(Map.of("name", Map.of("$regex", "a")), FilterParser.USERS, "filter.name.$regex is not an operator");
    invalid(Map.of("teams", Map.of("$in", "red")), FilterParser.USERS, "filter.teams.$in must be an array");
    invalid(Map.of("createdAt", Map.of("$gt", "yesterday")), FilterParser.USERS, "filter.createdAt.$gt is not an ISO-8601 timestamp");
    invalid(Map.of("name", Map.of()), FilterParser.USERS, "filter.name is empty; {} (every team) is only for teams");
    invalid(Map.of("$and", "x"), FilterParser.USERS, "filter.$and must be a non-empty array");
    invalid(Map.of("$eq", "x"), FilterParser.USERS, "filter.$eq is not an operator here");
    invalid(Map.of("name", Map.of("$exists", "yes")), FilterParser.USERS, "must be true or false");
    invalid(Map.of("name", 5), FilterParser.USERS, "filter.name must be a string");
    invalid("not an object", FilterParser.USERS, "filter must be an object");
    invalid(Map.of("metadata.", "x"), FilterParser.ROOMS, "is not a field");
    Object deep = Map.of("name", "x");
    for (int i = 0; i < 10; i++) {
      deep = Map.of("$and", List.of(deep));
    }
    invalid(deep, FilterParser.USERS, "nested too deeply");
  }
}
