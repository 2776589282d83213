package dev.gatehouse.bench.jmh;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.local.LocalContext;
import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.functions.tokens.AuthorizeConnectionHandler;
import dev.gatehouse.functions.tokens.IdentifyUserHandler;
import dev.gatehouse.local.EventFixture;
import dev.gatehouse.local.LocalGatehouse;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.tokens.IdentifyUser;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.sql.SqlStore;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole warm invocation of the identify-user and authorize-connection functions, in this JVM:
 * the real handler classes built as Lambda builds them but with an injected {@link Gatehouse},
 * called through their {@link RequestStreamHandler} interface with the bytes of an API Gateway v2
 * event shaped as {@code events/identify-user.json} and {@code events/authorize-connection.json}.
 * That is event JSON in, secret-key check, request decoding, the service, and response JSON out.
 *
 * <p>The store is the embedded SQL store in the same JVM, in memory (as {@code ./gatehouse serve}
 * runs it): its SQLite read is included; DynamoDB's SDK marshalling and network round trip
 * (single-digit ms in AWS) are not. The room
 * checked has 100 user and 100 group entries ({@link CrowdedRoom}), alice's entry last; her ID
 * token carries 10 groups. Run from the repository root (the events are read from {@code events/}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED") // sqlite-jdbc loads SQLite natively
public class HandlerInvocationBenchmark {
  private static final String ROOM = "acme:design-review";
  private static final String USER = "alice@example.com";
  private static final TenantId TENANT = new TenantId("acme");
  private static final Context CONTEXT = new LocalContext("bench", "bench");
  /** For building the events and checking answers in setup; the handlers use their own. */
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({"ES256", "RS256"})
  public SigningAlgorithm algorithm;

  private SqlStore store;
  private RoomRepository rooms;
  private RequestStreamHandler identifyUser;
  private RequestStreamHandler authorizeConnection;
  private byte[] identifyUserEvent;
  private byte[] authorizeConnectionEvent;

  @Setup
  public void setUp() throws IOException {
    store = SqlStore.open(Optional.empty(), java.time.Clock.systemUTC());
    KeySet keys = KeySet.generate(algorithm, Instant.now());
    Gatehouse gatehouse = Gatehouse.builder()
        .repositories(store.repositories())
        .secretKeys(SecretKeys.of(List.of(LocalGatehouse.EVENTS_KEY)))
        .signingKeys(() -> keys)
        .signingAlgorithm(algorithm)
        .projectId(LocalGatehouse.PROJECT)
        .build();
    EventFixture.seed(gatehouse); // alice, team acme, as the events expect
    gatehouse.store().rooms().create(Room.create(ROOM, TENANT, Instant.now(), Map.of("color", "blue"),
        CrowdedRoom.accesses(USER), Optional.empty()));

    rooms = gatehouse.store().rooms();
    identifyUser = new IdentifyUserHandler(gatehouse);
    authorizeConnection = new AuthorizeConnectionHandler(gatehouse);

    List<String> groups = CrowdedRoom.unrelatedGroups();
    identifyUserEvent = event("identify-user.json", body -> body.set("groupIds", JSON.valueToTree(groups)));
    // A fresh token, minted as identify-user would (EventFixture.mint, plus the 10 groups).
    String token = gatehouse.access().tokens().identifyUser(new IdentifyUser(USER, groups, Optional.of("acme"), Map.of(), 0)).token();
    authorizeConnectionEvent = event("authorize-connection.json", body -> body.put("token", token).put("roomId", ROOM));

    requireOk(invokeIdentifyUser(), "identify-user");
    requireOk(invokeAuthorizeConnection(), "authorize-connection");
  }

  @TearDown
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public byte[] invokeIdentifyUser() throws IOException {
    return invoke(identifyUser, identifyUserEvent);
  }

  @Benchmark
  public byte[] invokeAuthorizeConnection() throws IOException {
    return invoke(authorizeConnection, authorizeConnectionEvent);
  }

  /** The store's share of authorize-connection: reading the room (the embedded SQL store's cost, not DynamoDB's). */
  @Benchmark
  public Optional<Room> readCrowdedRoom() {
    return rooms.find(TENANT, ROOM);
  }

  private static byte[] invoke(RequestStreamHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    handler.handleRequest(new ByteArrayInputStream(event), out, CONTEXT);
    return out.toByteArray();
  }

  /** The committed event file with its JSON body edited, as bytes. */
  private static byte[] event(String file, java.util.function.Consumer<ObjectNode> editBody) throws IOException {
    Path path = Path.of("events", file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path.toAbsolutePath() + " is missing: run from the repository root");
    }
    ObjectNode event = (ObjectNode) JSON.readTree(path.toFile());
    ObjectNode body = (ObjectNode) JSON.readTree(event.get("body").asText());
    editBody.accept(body);
    event.put("body", JSON.writeValueAsString(body));
    return JSON.writeValueAsBytes(event);
  }

  private static void requireOk(byte[] response, String function) throws IOException {
    JsonNode result = JSON.readTree(response);
    if (result.path("statusCode").asInt() != 200) {
      throw new IllegalStateException(function + " did not answer 200: " + new String(response, StandardCharsets.UTF_8));
    }
  }
}
