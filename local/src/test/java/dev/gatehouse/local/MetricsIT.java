package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.dynamodb.DynamoDbRoomRepository;
import dev.gatehouse.telemetry.AccessLine;
import dev.gatehouse.telemetry.AccessLog;
import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.testing.FaultInjector;
import dev.gatehouse.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every metric of {@link Metric} appears, as Lambda would emit it: on the functions' JSON access
 * lines, each an EMF record that names it in its directive, from the handlers running on DynamoDB
 * (moto) with the production retry budget and faults injected at the SDK boundary.
 */
class MetricsIT {
  private static final String KEY = "sk_metrics_it_0123456789abcdef";
  private static final String TABLE = "gatehouse";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyMetricAppearsOnAnEmfAccessLine() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    FaultInjector faults = new FaultInjector();
    try (MotoServer engine = MotoServer.start();
        DynamoDbClient faulty = FaultInjectionIT.faultyClient(engine.endpoint(), faults)) {
      dev.gatehouse.store.dynamodb.GatehouseTable.createIfMissing(engine.dynamoDb(), TABLE);
      try (LocalGatehouse local = LocalGatehouse.onStore(Repo.template(), faulty, KEY);
          LocalServer server = LocalServer.start(local, "127.0.0.1", 0)) {
        AccessLog.configure(AccessLog.Format.JSON, AccessLine.Level.INFO, false, "Gatehouse/metrics-it", lines::add);
        Api api = new Api(server.baseUri(), KEY);

        // Rooms, tokens and connection checks.
        assertEquals(200, api.server("POST", "/v2/rooms", Map.of("id", "m:open", "defaultAccesses", List.of("*:write"))).status());
        assertEquals(200, api.server("POST", "/v2/rooms", Map.of("id", "m:closed", "defaultAccesses", List.of())).status());
        String idToken = api.idToken("alice", null);
        assertEquals(200, api.server("POST", "/v2/authorize-user", Map.of("userId", "alice",
            "permissions", Map.of("m:*", List.of("room:read")))).status());
        assertEquals(200, api.server("POST", "/v2/authorize-connection", Map.of("token", idToken, "roomId", "m:open")).status());
        assertEquals(403, api.server("POST", "/v2/authorize-connection", Map.of("token", idToken, "roomId", "m:closed")).status());
        assertEquals(401, api.server("POST", "/v2/authorize-connection", Map.of("token", "not-a-token", "roomId", "m:open")).status());

        // A throttled read the SDK retries, and an optimistic write that loses once and tries again.
        faults.fail("GetItem", FaultInjector.Fault.THROTTLED, 1);
        assertEquals(200, api.server("GET", "/v2/rooms/m:open", null).status());
        faults.fail("TransactWriteItems", FaultInjector.Fault.CANCELLED_CONDITION, 1);
        assertEquals(200, api.server("POST", "/v2/rooms/m:open", Map.of("usersAccesses", Map.of("bob", List.of("*:write")))).status());
        faults.failAlways("GetItem", FaultInjector.Fault.INTERNAL_ERROR);
        assertEquals(503, api.server("GET", "/v2/rooms/m:open", null).status(), "every attempt failed: an error");
        faults.heal();

        // Provisioning: applied, skipped (a repeat), poison (can never apply), failed for now (an update
        // before its room), and an offboarding left incomplete (more rooms than one batch).
        DynamoDbRoomRepository rooms = new DynamoDbRoomRepository(
            DynamoDbEnhancedClient.builder().dynamoDbClient(engine.dynamoDb()).build(), TABLE);
        for (int i = 0; i < 101; i++) {
          rooms.create(Room.create("big:" + i, new TenantId("big"), Instant.parse("2026-01-01T00:00:00Z"), Map.of(),
              RoomAccesses.parse(List.of("*:read"), Map.of(), Map.of()), Optional.empty()));
        }
        String created = envelope("e-created", "room.created", "{\"id\":\"m:provisioned\",\"defaultAccesses\":[]}");
        invoke(local, "ProvisioningFunction", Map.of("Records", List.of(
            record("m1", created),
            record("m2", created),
            record("m3", "not even json"),
            record("m4", envelope("e-early", "room.updated", "{\"roomId\":\"m:later\",\"metadata\":{\"a\":\"b\"}}")),
            record("m5", envelope("e-offboard", "tenant.deleted", "{\"tenantId\":\"big\"}")))));

        // The daily key check.
        invoke(local, "SigningKeysFunction", Map.of("action", "check"));
      } finally {
        AccessLog.off();
      }
    }

    Set<Metric> seen = EnumSet.noneOf(Metric.class);
    for (String line : lines) {
      JsonNode parsed = JSON.readTree(line);
      List<String> directive = new ArrayList<>();
      parsed.path("_aws").path("CloudWatchMetrics").forEach(d -> d.path("Metrics").forEach(m -> directive.add(m.path("Name").asText())));
      for (Metric metric : Metric.values()) {
        // A counter shows when it counted something; a gauge (the key's age, 0 days here) whenever set.
        boolean shown = metric.unit().equals("Count") ? parsed.path(metric.metricName()).asInt(0) > 0 : parsed.has(metric.metricName());
        if (shown) {
          assertTrue(directive.contains(metric.metricName()), metric + " is in its line's EMF directive: " + line);
          seen.add(metric);
        }
      }
    }
    assertEquals(EnumSet.allOf(Metric.class), seen, "metrics seen on " + lines.size() + " lines");
  }

  private static Map<String, Object> record(String messageId, String body) {
    return Map.of("messageId", messageId, "body", body, "eventSource", "aws:sqs");
  }

  private static String envelope(String id, String type, String data) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":" + data + "}";
  }

  /** Through the handler's byte entry, as Lambda's runtime calls it: the path that writes the line. */
  private static void invoke(LocalGatehouse local, String function, Map<String, Object> event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ((RequestStreamHandler) local.handler(function)).handleRequest(
        new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, new LocalContext("invoke-" + function, function));
    assertTrue(out.size() > 0, function + " answered");
  }
}
