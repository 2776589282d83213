package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.service.tokens.AuthorizeUser;
import dev.gatehouse.service.tokens.IdentifyUser;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        seed(local);
        if (expectation.has("freshToken")) {
          String token = mint(local, expectation.get("freshToken"));
          Path withToken = Files.createTempFile("event", ".json");
          Files.writeString(withToken, Files.readString(file).replace(PLACEHOLDER, token));
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

  /** The token placeholder of the committed event files. */
  private static final String PLACEHOLDER = "PASTE_A_TOKEN_FROM_IDENTIFY_USER";

  private static JsonNode JSONbody(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(body, e);
    }
  }

  /** A token minted by the local Gatehouse, as identify-user or authorize-user would. */
  private static String mint(LocalGatehouse local, JsonNode spec) {
    String user = spec.get("userId").asText();
    Optional<String> tenant = Optional.ofNullable(spec.path("organizationId").asText(null));
    if (spec.get("kind").asText().equals("acc")) {
      Map<String, List<String>> permissions = new java.util.LinkedHashMap<>();
      spec.get("permissions").properties().forEach(e -> {
        List<String> list = new java.util.ArrayList<>();
        e.getValue().forEach(p -> list.add(p.asText()));
        permissions.put(e.getKey(), list);
      });
      return local.gatehouse().tokens().authorizeUser(new AuthorizeUser(user, permissions, tenant, Map.of(), 0)).token();
    }
    return local.gatehouse().tokens().identifyUser(new IdentifyUser(user, List.of(), tenant, Map.of(), 0)).token();
  }

  /**
   * The fixture every event file is written against: room "demo-room" of tenant "acme" (alice may
   * write), and user alice@example.com of team acme.
   */
  private static void seed(LocalGatehouse local) {
    local.gatehouse().users().upsert(List.of(new dev.gatehouse.service.users.UserInput(
        "alice@example.com", "Alice", null, List.of("acme"), null, null)));
    local.gatehouse().roomRepository().create(Room.create(
        "demo-room",
        new TenantId("acme"),
        Instant.parse("2026-11-01T09:00:00.000Z"),
        Map.of("color", "blue"),
        RoomAccesses.parse(List.of("*:read"), Map.of(), Map.of("alice@example.com", List.of("*:write"))),
        Optional.empty()));
  }

  private static String functionFor(SamTemplate template, String routeKey) {
    return template.functions().values().stream()
        .filter(f -> f.routes().stream().anyMatch(r -> r.routeKey().equals(routeKey)))
        .map(SamTemplate.Function::logicalId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function in template.yaml serves " + routeKey));
  }
}
