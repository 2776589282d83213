package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds every file in {@code events/} to the handler its route names in {@code template.yaml},
 * on the embedded store, exactly as {@code ./gatehouse invoke} does, and checks the status and
 * body ({@link EventExpectations}, which the deploy rehearsal checks too). A file without an
 * expectation, or an expectation without a file, fails the test.
 */
class EventsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyEventFileRunsAgainstItsHandler() throws IOException {
    Path events = Repo.root().resolve("events");
    JsonNode expectations = EventExpectations.load(Repo.root());
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
        assertEquals(List.of(), EventExpectations.mismatches(expectation, response, local.gatehouse()), name);
      }
    }));
  }

  private static String functionFor(SamTemplate template, String routeKey) {
    return template.functions().values().stream()
        .filter(f -> f.routes().stream().anyMatch(r -> r.routeKey().equals(routeKey)))
        .map(SamTemplate.Function::logicalId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function in template.yaml serves " + routeKey));
  }
}
