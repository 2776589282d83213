package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.runtime.MapHandler;
import dev.gatehouse.api.provisioning.ProvisioningEvents;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.functions.provisioning.ProvisioningHandler;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.provisioning.ProvisioningService;
import dev.gatehouse.service.provisioning.ProvisioningService.Outcome;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.User;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import dev.gatehouse.testing.MotoServer;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The provisioning guarantees on DynamoDB (moto in server mode): redelivery, order, poison messages, resumable offboarding. */
class ProvisioningIT {
  private final Gatehouse gatehouse;
  private final ProvisioningService provisioning;
  private final AtomicInteger ids = new AtomicInteger();

  ProvisioningIT() {
    String table = MotoServer.uniqueTableName("provisioning");
    GatehouseTable.createIfMissing(MotoServer.client(), table);
    KeySet keys = KeySet.generate(SigningAlgorithm.ES256, Instant.now());
    gatehouse = Gatehouse.builder().dynamoDb(MotoServer.client()).tableName(table).signingKeys(() -> keys)
        .offboardingBatch(3).build();
    provisioning = gatehouse.provisioning().service();
  }

  private static String envelope(String id, String type, String at, String data) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + at + "\",\"data\":" + data + "}";
  }

  private Outcome send(String id, String type, String at, String data) {
    return provisioning.handle(ProvisioningEvents.fromSqsBody(envelope(id, type, at, data)));
  }

  private String unique(String prefix) {
    return prefix + "-" + ids.incrementAndGet() + "-" + System.nanoTime();
  }

  @Test
  void aRedeliveredEventChangesNothing() {
    String user = unique("u");
    String data = "{\"id\":\"" + user + "\",\"name\":\"First\",\"teams\":[\"acme\"]}";
    assertInstanceOf(Outcome.Applied.class, send("e-1-" + user, "user.upserted", "2026-01-01T00:00:00Z", data));
    User once = gatehouse.users().service().get(user);
    Outcome again = send("e-1-" + user, "user.upserted", "2026-01-01T00:00:00Z", data);
    assertInstanceOf(Outcome.Skipped.class, again);
    assertTrue(again.summary().contains("already processed"));
    assertEquals(once, gatehouse.users().service().get(user), "not even the version moved");
    // The same event under a new id (the ledger lost it): the event time still makes it a no-op.
    assertInstanceOf(Outcome.Skipped.class, send("e-1b-" + user, "user.upserted", "2026-01-01T00:00:00Z", data));
    assertEquals(once.version(), gatehouse.users().service().get(user).version());
  }

  @Test
  void anOlderUpdateNeverOverwritesANewerOne() {
    String user = unique("u");
    send(unique("e"), "user.upserted", "2026-01-01T00:00:10Z", "{\"id\":\"" + user + "\",\"name\":\"Newer\"}");
    Outcome older = send(unique("e"), "user.upserted", "2026-01-01T00:00:05Z", "{\"id\":\"" + user + "\",\"name\":\"Older\"}");
    assertInstanceOf(Outcome.Skipped.class, older);
    assertEquals("Newer", gatehouse.users().service().get(user).name().orElseThrow());

    String room = unique("r");
    send(unique("e"), "room.created", "2026-01-01T00:00:00Z", "{\"id\":\"" + room + "\",\"defaultAccesses\":[]}");
    send(unique("e"), "room.updated", "2026-01-01T00:00:20Z", "{\"id\":\"" + room + "\",\"metadata\":{\"v\":\"20\"}}");
    assertInstanceOf(Outcome.Skipped.class, send(unique("e"), "room.updated", "2026-01-01T00:00:15Z", "{\"id\":\"" + room + "\",\"metadata\":{\"v\":\"15\"}}"));
    assertEquals(Map.of("v", "20"), gatehouse.store().rooms().find(room).orElseThrow().metadata());
  }

  @Test
  void aDeleteIsNotUndoneByAnOlderEventArrivingLate() {
    String room = unique("r");
    send(unique("e"), "room.created", "2026-01-01T00:00:00Z", "{\"id\":\"" + room + "\",\"defaultAccesses\":[]}");
    assertInstanceOf(Outcome.Applied.class, send(unique("e"), "room.deleted", "2026-01-01T00:01:00Z", "{\"id\":\"" + room + "\"}"));
    assertInstanceOf(Outcome.Skipped.class, send(unique("e"), "room.created", "2026-01-01T00:00:30Z", "{\"id\":\"" + room + "\",\"defaultAccesses\":[]}"));
    assertInstanceOf(Outcome.Skipped.class, send(unique("e"), "room.updated", "2026-01-01T00:00:40Z", "{\"id\":\"" + room + "\",\"metadata\":{\"a\":\"b\"}}"));
    assertTrue(gatehouse.store().rooms().find(room).isEmpty());
    // A newer creation does bring it back.
    assertInstanceOf(Outcome.Applied.class, send(unique("e"), "room.created", "2026-01-01T00:02:00Z", "{\"id\":\"" + room + "\",\"defaultAccesses\":[]}"));

    String user = unique("u");
    send(unique("e"), "user.upserted", "2026-01-01T00:00:00Z", "{\"id\":\"" + user + "\"}");
    send(unique("e"), "user.deleted", "2026-01-01T00:05:00Z", "{\"id\":\"" + user + "\"}");
    assertInstanceOf(Outcome.Skipped.class, send(unique("e"), "user.upserted", "2026-01-01T00:04:00Z", "{\"id\":\"" + user + "\"}"));
    assertThrows(NotFoundException.class, () -> gatehouse.users().service().get(user));
  }

  @Test
  void anUpdateBeforeItsCreationFailsUntilTheRoomExists() {
    String room = unique("r");
    String updateId = unique("e");
    String update = "{\"id\":\"" + room + "\",\"metadata\":{\"late\":\"yes\"}}";
    assertThrows(NotFoundException.class, () -> send(updateId, "room.updated", "2026-01-01T00:00:02Z", update));
    send(unique("e"), "room.created", "2026-01-01T00:00:01Z", "{\"id\":\"" + room + "\",\"defaultAccesses\":[]}");
    assertInstanceOf(Outcome.Applied.class, send(updateId, "room.updated", "2026-01-01T00:00:02Z", update), "the redelivery applies");
    assertEquals(Map.of("late", "yes"), gatehouse.store().rooms().find(room).orElseThrow().metadata());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPoisonMessageFailsAloneAndWritesNothing() {
    String good = unique("good");
    String invalid = unique("invalid");
    List<Map<String, Object>> records = new ArrayList<>();
    records.add(Map.of("messageId", "m1", "body", envelope(unique("e"), "room.created", "2026-01-01T00:00:00Z", "{\"id\":\"" + good + "\",\"defaultAccesses\":[]}")));
    records.add(Map.of("messageId", "m2", "body", "not even json"));
    records.add(Map.of("messageId", "m3", "body", envelope(unique("e"), "room.created", "2026-01-01T00:00:00Z",
        "{\"id\":\"" + invalid + "\",\"defaultAccesses\":[\"*:read\"],\"usersAccesses\":{\"u\":[\"*:admin\"]}}")));
    records.add(Map.of("messageId", "m4", "body", envelope(unique("e"), "cake.baked", "2026-01-01T00:00:00Z", "{}")));
    MapHandler handler = new ProvisioningHandler(gatehouse);
    Map<String, Object> response = handler.handle(Map.of("Records", records), new LocalContext("r", "ProvisioningFunction"));
    List<Map<String, String>> failures = (List<Map<String, String>>) response.get("batchItemFailures");
    assertEquals(List.of("m2", "m3", "m4"), failures.stream().map(f -> f.get("itemIdentifier")).toList());
    assertTrue(gatehouse.store().rooms().find(good).isPresent(), "the good message was applied");
    assertTrue(gatehouse.store().rooms().find(invalid).isEmpty(), "the invalid room was not half-written");
  }

  /** The security issue's item 9: a deletion naming two tenants offboards neither, as the REST routes refuse it. */
  @Test
  void aTenantDeletionNamingTwoDifferentTenantsIsRefusedAndDeletesNothing() {
    String kept = unique("kept");
    String other = unique("other");
    send(unique("e"), "room.created", "2026-01-01T00:00:00Z",
        "{\"id\":\"" + kept + "-room\",\"defaultAccesses\":[],\"organizationId\":\"" + kept + "\"}");
    var refused = assertThrows(dev.gatehouse.errors.InvalidInputException.class, () -> send(unique("e"), "tenant.deleted",
        "2026-01-02T00:00:00Z", "{\"tenantId\":\"" + kept + "\",\"organizationId\":\"" + other + "\"}"));
    assertEquals("INVALID_TENANT", refused.code());
    assertTrue(gatehouse.store().rooms().find(kept + "-room").isPresent(), "nothing offboarded");
  }

  /** The security issue's item 8: events older than a tenant's deletion never bring it back. */
  @Test
  void olderEventsArrivingAfterATenantDeletionDoNotRepopulateIt() {
    String tenant = unique("offboarded");
    String other = unique("kept");
    assertInstanceOf(Outcome.Applied.class, send(unique("e"), "tenant.deleted", "2026-03-01T00:00:00Z",
        "{\"tenantId\":\"" + tenant + "\"}"));
    String user = unique("u");
    send(unique("e"), "user.upserted", "2026-02-01T00:00:00Z",
        "{\"id\":\"" + user + "\",\"teams\":[\"" + tenant + "\",\"" + other + "\"],\"teamsRole\":{\"" + tenant + "\":\"admin\"}}");
    assertEquals(List.of(new TenantId(other)), gatehouse.users().service().get(user).teams(), "not re-added to the deleted tenant");
    assertEquals(Map.of(), gatehouse.users().service().get(user).teamsRole());
    Outcome room = send(unique("e"), "room.created", "2026-02-01T00:00:00Z",
        "{\"id\":\"" + tenant + "-room\",\"defaultAccesses\":[],\"organizationId\":\"" + tenant + "\"}");
    assertInstanceOf(Outcome.Skipped.class, room);
    assertTrue(gatehouse.store().rooms().find(tenant + "-room").isEmpty(), "not re-created");
    // A newer event may use the tenant again: its deletion is in the past.
    send(unique("e"), "room.created", "2026-04-01T00:00:00Z",
        "{\"id\":\"" + tenant + "-new\",\"defaultAccesses\":[],\"organizationId\":\"" + tenant + "\"}");
    assertTrue(gatehouse.store().rooms().find(tenant + "-new").isPresent());
  }

  /** Item 8 too: a far-future occurredAt would win over every later event, deletion included. */
  @Test
  void anEventFromTheFarFutureIsRefusedAndWritesNothing() {
    String user = unique("u");
    var refused = assertThrows(dev.gatehouse.errors.InvalidInputException.class, () -> send(unique("e"), "user.upserted",
        "2999-01-01T00:00:00Z", "{\"id\":\"" + user + "\",\"name\":\"Frozen\"}"));
    assertEquals("occurredAt", refused.field());
    assertThrows(NotFoundException.class, () -> gatehouse.users().service().get(user));
    // A few seconds ahead (clock drift) is fine.
    send(unique("e"), "user.upserted", Instant.now().plusSeconds(30).toString(), "{\"id\":\"" + user + "\",\"name\":\"Now\"}");
    assertEquals(Optional.of("Now"), gatehouse.users().service().get(user).name());
  }

  /** Item 9 too: a rejected event's log line carries its id and error code, never a value from it. */
  @Test
  @SuppressWarnings("unchecked")
  void aRejectedEventIsLoggedWithoutItsValues() throws Exception {
    String secret = "value-from-the-payload-" + System.nanoTime();
    List<Map<String, Object>> records = List.of(
        Map.of("messageId", "m-type", "body", envelope(unique("e"), secret, "2026-01-01T00:00:00Z", "{}")),
        Map.of("messageId", "m-json", "body", "{\"id\": \"" + secret + "\", not json"),
        Map.of("messageId", "m-room", "body", envelope(unique("e"), "room.updated", "2026-01-01T00:00:00Z",
            "{\"id\":\"" + secret + "\",\"metadata\":{\"k\":\"v\"}}")));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.gatehouse.telemetry.AccessLog.configure(dev.gatehouse.telemetry.AccessLog.Format.JSON,
        dev.gatehouse.telemetry.AccessLine.Level.INFO, false, lines::add);
    Map<String, Object> response;
    try {
      response = new ProvisioningHandler(gatehouse).handle(Map.of("Records", records), new LocalContext("r", "ProvisioningFunction"));
    } finally {
      dev.gatehouse.telemetry.AccessLog.off();
    }
    String log = String.join("\n", lines);
    assertEquals(3, ((List<Map<String, String>>) response.get("batchItemFailures")).size(), log);
    assertTrue(log.contains("m-type") && log.contains("m-json") && log.contains("m-room"), log);
    assertTrue(log.contains("INVALID_EVENT") && log.contains("INVALID_JSON"), "error codes are logged: " + log);
    assertTrue(!log.contains(secret), "no value of the event in the log: " + log);
  }

  @Test
  void aTenantDeletionInterruptedHalfWayResumesUntilDone() {
    String tenant = unique("tenant");
    for (int i = 0; i < 7; i++) {
      send(unique("e"), "room.created", "2026-01-01T00:00:00Z",
          "{\"id\":\"" + tenant + "-room-" + i + "\",\"defaultAccesses\":[],\"organizationId\":\"" + tenant + "\"}");
    }
    String keep = unique("keep");
    send(unique("e"), "room.created", "2026-01-01T00:00:00Z", "{\"id\":\"" + keep + "\",\"defaultAccesses\":[],\"organizationId\":\"other\"}");
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String user = unique("m");
      members.add(user);
      send(unique("e"), "user.upserted", "2026-01-01T00:00:00Z",
          "{\"id\":\"" + user + "\",\"teams\":[\"" + tenant + "\",\"other\"],\"teamsRole\":{\"" + tenant + "\":\"admin\"}}");
    }
    String event = unique("offboard");
    String data = "{\"tenantId\":\"" + tenant + "\"}";
    // First run: interrupted after one bounded batch (3 rooms, 3 members).
    assertInstanceOf(Outcome.Incomplete.class, send(event, "tenant.deleted", "2026-01-02T00:00:00Z", data));
    assertEquals(4, gatehouse.store().rooms().roomIdsOf(new TenantId(tenant), 100).size());
    // Resumed (the continuation, or a redelivery) until done; every run is safe to repeat.
    Outcome outcome;
    int runs = 1;
    do {
      outcome = send(event, "tenant.deleted", "2026-01-02T00:00:00Z", data);
      runs++;
    } while (outcome instanceof Outcome.Incomplete && runs < 10);
    assertInstanceOf(Outcome.Applied.class, outcome);
    assertTrue(runs >= 3, "it took several bounded runs: " + runs);
    assertEquals(List.of(), gatehouse.store().rooms().roomIdsOf(new TenantId(tenant), 100));
    for (String user : members) {
      User u = gatehouse.users().service().get(user);
      assertEquals(List.of(new TenantId("other")), u.teams(), "the team link is gone, other teams stay");
      assertEquals(Map.of(), u.teamsRole(), "and the role in that team");
    }
    assertEquals(List.of(), gatehouse.users().service().get(members.getFirst()).teams().stream().filter(t -> t.value().equals(tenant)).toList());
    Optional<Room> kept = gatehouse.store().rooms().find(keep);
    assertTrue(kept.isPresent(), "other tenants are untouched");
    assertInstanceOf(Outcome.Skipped.class, send(event, "tenant.deleted", "2026-01-02T00:00:00Z", data), "done, and recorded as processed");
    // A room.created from before the deletion, arriving late, does not bring a room back.
    assertInstanceOf(Outcome.Skipped.class, send(unique("e"), "room.created", "2026-01-01T12:00:00Z",
        "{\"id\":\"" + tenant + "-room-0\",\"defaultAccesses\":[],\"organizationId\":\"" + tenant + "\"}"));
  }

  @Test
  void theCognitoTriggerIsRepeatable() {
    String sub = unique("sub");
    var handler = new dev.gatehouse.functions.provisioning.CognitoPostConfirmationHandler(gatehouse);
    Map<String, Object> event = Map.of("triggerSource", "PostConfirmation_ConfirmSignUp",
        "request", Map.of("userAttributes", Map.of("sub", sub, "email", "x@example.com", "custom:team", "acme, globex")));
    assertEquals(event, handler.handle(event, new LocalContext("r", "CognitoPostConfirmationFunction")));
    User first = gatehouse.users().service().get(sub);
    assertEquals(List.of(new TenantId("acme"), new TenantId("globex")), first.teams());
    assertEquals("x@example.com", first.name().orElseThrow());
    handler.handle(event, new LocalContext("r", "CognitoPostConfirmationFunction"));
    assertEquals(first.teams(), gatehouse.users().service().get(sub).teams(), "a retried trigger adds nothing");
    Map<String, Object> forgot = Map.of("triggerSource", "PostConfirmation_ConfirmForgotPassword", "request", Map.of("userAttributes", Map.of("sub", "other")));
    handler.handle(forgot, new LocalContext("r", "CognitoPostConfirmationFunction"));
    assertThrows(NotFoundException.class, () -> gatehouse.users().service().get("other"), "only sign-ups provision");
  }
  @Test
  void aSignUpWithMoreTeamsThanAUserMayHaveIsRefusedAndWritesNothing() {
    String sub = unique("sub");
    var handler = new dev.gatehouse.functions.provisioning.CognitoPostConfirmationHandler(gatehouse);
    String teams = String.join(",", java.util.stream.IntStream.rangeClosed(1, 251).mapToObj(i -> "team-" + i).toList());
    Map<String, Object> event = Map.of("triggerSource", "PostConfirmation_ConfirmSignUp",
        "request", Map.of("userAttributes", Map.of("sub", sub, "custom:team", teams)));
    dev.gatehouse.errors.InvalidInputException refused = assertThrows(dev.gatehouse.errors.InvalidInputException.class,
        () -> handler.handle(event, new LocalContext("r", "CognitoPostConfirmationFunction")));
    assertEquals("INVALID_TEAMS", refused.code());
    assertThrows(NotFoundException.class, () -> gatehouse.users().service().get(sub));
  }
}
