package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every provisioning event in events/ is valid against its JSON Schema in docs/events/, and the schemas catch mistakes. */
class EventSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, JsonSchema> schemas = new HashMap<>();

  EventSchemasTest() throws Exception {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    try (Stream<Path> files = Files.list(Repo.root().resolve("docs/events"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".schema.json")).toList()) {
        String type = file.getFileName().toString().replace(".schema.json", "");
        schemas.put(type, factory.getSchema(JSON.readTree(file.toFile())));
      }
    }
  }

  private Set<ValidationMessage> validate(JsonNode envelope) {
    JsonSchema schema = schemas.get(envelope.path("type").asText());
    assertTrue(schema != null, "a schema for " + envelope.path("type"));
    return schema.validate(envelope);
  }

  @Test
  void thereIsASchemaForEveryEventType() {
    assertEquals(Set.of("user.upserted", "user.deleted", "room.created", "room.updated", "room.deleted", "tenant.deleted"), schemas.keySet());
  }

  @Test
  void everyExampleEventIsValid() throws Exception {
    int checked = 0;
    JsonNode batch = JSON.readTree(Repo.root().resolve("events/provisioning-sqs-batch.json").toFile());
    for (JsonNode record : batch.get("Records")) {
      String body = record.get("body").asText();
      if (body.startsWith("{not json")) {
        continue; // the poison message, on purpose
      }
      assertEquals(Set.of(), validate(JSON.readTree(body)), body);
      checked++;
    }
    try (Stream<Path> files = Files.list(Repo.root().resolve("events"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("provisioning-eventbridge-")).toList()) {
        JsonNode event = JSON.readTree(file.toFile());
        var envelope = event.get("detail").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope).put("type", event.get("detail-type").asText());
        assertEquals(Set.of(), validate(envelope), file.toString());
        checked++;
      }
    }
    assertEquals(10, checked);
  }

  @Test
  void theSchemasRejectMistakes() throws Exception {
    assertFalse(validate(JSON.readTree("{\"id\":\"e\",\"type\":\"user.upserted\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"name\":\"no id\"}}")).isEmpty());
    assertFalse(validate(JSON.readTree("{\"id\":\"e\",\"type\":\"user.upserted\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"id\":\"u\",\"role\":\"root\"}}")).isEmpty());
    assertFalse(validate(JSON.readTree("{\"id\":\"e\",\"type\":\"tenant.deleted\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"tenantId\":\"default\"}}")).isEmpty());
    assertFalse(validate(JSON.readTree("{\"type\":\"room.deleted\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"id\":\"r\"}}")).isEmpty());
  }
}
