package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.permissions.RoomAccesses;
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
      Path file = events.resolve(name);
      String function = functionFor(template, JSON.readTree(file.toFile()).path("routeKey").asText());
      assertEquals(expectation.get("function").asText(), function, "the route in " + name);
      try (LocalGatehouse local = LocalGatehouse.start(template, Optional.empty(), Optional.empty(), List.of(LocalGatehouse.EVENTS_KEY))) {
        seed(local);
        JsonNode response = JSON.readTree(Main.invoke(local, function, file));
        assertEquals(expectation.get("status").asInt(), response.get("statusCode").asInt(), response::toString);
        if (expectation.has("body")) {
          JsonAssert.containsSubset(expectation.get("body"), JSON.readTree(response.get("body").asText()), "body");
        } else {
          assertTrue(response.get("body").asText().isEmpty(), "no body expected");
        }
      }
    }));
  }

  /** The fixture every event file is written against: room "demo-room" of tenant "acme". */
  private static void seed(LocalGatehouse local) {
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
