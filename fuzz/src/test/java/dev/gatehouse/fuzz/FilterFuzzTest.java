package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.api.query.QueryRequests;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.service.query.Filter;
import dev.gatehouse.service.query.QueryService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The Mongo-style filters of {@code POST /v2/rooms/query} and {@code /v2/users/query}, decoded
 * from the JSON body as the handlers do: a 400 {@code INVALID_FILTER}/{@code INVALID_BODY} or a
 * 422, or a filter that then evaluates against any subject and plans its reads without failing.
 */
class FilterFuzzTest {

  @FuzzTest
  void query(byte[] input) {
    if (input.length == 0) {
      return;
    }
    // The first byte: users (odd) or rooms; the rest is the body.
    boolean users = (input[0] & 1) == 1;
    String body = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    String team = "team-a";
    String value = "v";
    Optional<QueryService.Query> parsed = parseOrRefuse(() -> users ? QueryRequests.users(body) : QueryRequests.rooms(body),
        InvalidRequestException.class, InvalidInputException.class);
    if (parsed.isEmpty()) {
      return;
    }
    Filter filter = parsed.get().filter();
    // A subject: createdAt is always a stored timestamp; every other field holds what the fuzzer chose.
    filter.test(field -> switch (field) {
      case "createdAt" -> Set.of("2026-11-22T21:44:48.120Z");
      case "team", "teams" -> team.isEmpty() ? Set.of() : Set.of(team);
      default -> Set.of(value);
    });
    filter.test(field -> Set.of());
    // The read plan: which team partitions the filter pins.
    Filter.limits(filter, users ? "teams" : "team");
  }
}
