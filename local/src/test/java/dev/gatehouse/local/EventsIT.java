package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds every file in {@code events/} to the handler its route names in {@code template.yaml},
 * against DynamoDB Local, exactly as {@code ./gatehouse invoke} does, and checks the status and
 * body. A file without an expectation, or an expectation without a file, fails the test.
 */
class EventsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyEventFileRunsAgainstItsHandler() throws IOException {
    Path events = Repo.root().resolve("events");
    JsonNode expectations;
    try (InputStream in = EventsIT.class.getResourceAsStream("/event-expectations.json")) {
      expectations = JSON.readTree(in);
    }
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(events)) {
      list.filter(p -> p.toString().endsWith(".json")).forEach(p -> files.add(p.getFileName().toString()));
    }
    Set<String> expected = new TreeSet<>();
    expectations.fieldNames().forEachRemaining(expected::add);
    assertEquals(expected, files, "every events/*.json needs an expectation in event-expectations.json, and vice versa");

    SamTemplate template = Repo.template();
    return files.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      JsonNode expectation = expectations.get(name);
      String function = expectation.get("function").asText();
      assertTrue(template.function(function).isPresent(), function + " is in template.yaml");
      Path file = events.resolve(name);
      JsonNode event = JSON.readTree(file.toFile());
      if (event.has("routeKey") && event.path("requestContext").has("http") && !event.has("type")) {
        assertEquals(function, functionFor(template, event.path("routeKey").asText()), "the route in " + name);
      }
      try (LocalGatehouse local = LocalGatehouse.start(template, Optional.empty(), Optional.empty(), List.of(LocalGatehouse.EVENTS_KEY))) {
        EventFixture.seed(local.gatehouse());
        if (expectation.has("freshToken")) {
          String token = EventFixture.mint(local.gatehouse(), expectation.get("freshToken"));
          Path withToken = Files.createTempFile("event", ".json");
          Files.writeString(withToken, Files.readString(file).replace(EventFixture.TOKEN_PLACEHOLDER, token));
          file = withToken;
        }
        JsonNode response = JSON.readTree(Main.invoke(local, function, file));
        if (expectation.has("result") || expectation.has("resultHas")) {
          if (expectation.has("result")) {
            JsonAssert.containsSubset(expectation.get("result"), response, "result");
          }
          expectation.path("resultHas").forEach(k -> assertTrue(response.has(k.asText()), k + " in " + response));
          checkTable(local, expectation.path("then"));
          return;
        }
        assertEquals(expectation.get("status").asInt(), response.get("statusCode").asInt(), response::toString);
        String body = response.get("body").asText();
        if (expectation.has("body")) {
          JsonAssert.containsSubset(expectation.get("body"), JSON.readTree(body), "body");
        }
        expectation.path("bodyHas").forEach(k -> assertTrue(JSONbody(body).has(k.asText()), k + " in " + body));
        if (!expectation.has("body") && !expectation.has("bodyHas")) {
          assertTrue(body.isEmpty(), "no body expected");
        }
      }
    }));
  }

  /** Checks the table after an event: which users and rooms exist, and some of their fields. */
  private static void checkTable(LocalGatehouse local, JsonNode then) {
    var users = local.gatehouse().users();
    var rooms = local.gatehouse().roomRepository();
    then.path("usersExist").forEach(u -> assertTrue(exists(local, u.asText()), "user " + u + " exists"));
    then.path("usersAbsent").forEach(u -> assertTrue(!exists(local, u.asText()), "user " + u + " is gone"));
    then.path("roomsExist").forEach(r -> assertTrue(rooms.find(r.asText()).isPresent(), "room " + r + " exists"));
    then.path("roomsAbsent").forEach(r -> assertTrue(rooms.find(r.asText()).isEmpty(), "room " + r + " is gone"));
    then.path("roomMetadata").properties().forEach(e -> assertEquals(
        JSON.convertValue(e.getValue(), Map.class), rooms.find(e.getKey()).orElseThrow().metadata(), "metadata of " + e.getKey()));
    then.path("userTeams").properties().forEach(e -> {
      List<String> teams = new java.util.ArrayList<>();
      users.get(e.getKey()).teams().forEach(t -> teams.add(t.value()));
      assertEquals(JSON.convertValue(e.getValue(), List.class), teams, "teams of " + e.getKey());
    });
  }

  private static boolean exists(LocalGatehouse local, String userId) {
    try {
      local.gatehouse().users().get(userId);
      return true;
    } catch (dev.gatehouse.errors.NotFoundException e) {
      return false;
    }
  }

  private static JsonNode JSONbody(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(body, e);
    }
  }

  private static String functionFor(SamTemplate template, String routeKey) {
    return template.functions().values().stream()
        .filter(f -> f.routes().stream().anyMatch(r -> r.routeKey().equals(routeKey)))
        .map(SamTemplate.Function::logicalId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function in template.yaml serves " + routeKey));
  }
}
