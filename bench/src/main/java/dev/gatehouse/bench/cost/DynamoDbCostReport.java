package dev.gatehouse.bench.cost;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.local.EventFixture;
import dev.gatehouse.local.LocalContext;
import dev.gatehouse.local.LocalGatehouse;
import dev.gatehouse.local.SamTemplate;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.keys.SigningKeyManager;
import dev.gatehouse.service.tokens.AuthorizeUser;
import dev.gatehouse.service.tokens.IdentifyUser;
import dev.gatehouse.service.users.UserInput;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import dev.gatehouse.testing.MotoServer;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code ./gatehouse bench cost}: what each API operation costs in DynamoDB. Runs moto in server
 * mode on a loopback port, builds Gatehouse on a client whose {@link CapacityRecorder} asks for (and
 * records) the consumed capacity of every call, and sends each operation once, at realistic
 * sizes, through the real handler classes of {@code template.yaml} as API Gateway / EventBridge
 * events. Then it prints, per operation, the DynamoDB calls, the read and write request units,
 * the bytes read and written and the on-demand price per million requests; and, optionally,
 * the same for every event file of {@code events/}.
 *
 * <p>Options: {@code --repo DIR} (repository root, default {@code .}), {@code --multi-tenant
 * off|on|both} (default both), {@code --rru-price USD} and {@code --wru-price USD} per million
 * request units (default 0.125 and 0.625), {@code --no-events} (skip the events/ sweep), {@code
 * --details} (every call of every operation).
 */
public final class DynamoDbCostReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "gatehouse";
  private static final String KEY = LocalGatehouse.EVENTS_KEY;
  private static final String BIG_ROOM = "cost-room";
  private static final String SMALL_ROOM_PREFIX = "acme-room-";
  private static final int SMALL_ROOMS = 40;
  private static final String MEMBER = "user-007@example.com";

  private static final String PRICE_SOURCE = """
      Prices: us-east-1 on-demand, Standard table class, after AWS's 50 % on-demand throughput price cut
      effective 1 Nov 2024 ("Amazon DynamoDB reduces prices for on-demand throughput by 50%"):
      $0.625 per million write request units, $0.125 per million read request units. Sources consulted
      (stored copies): aws.amazon.com/dynamodb/pricing/on-demand/ (unit definitions), airbyte.com
      "Amazon DynamoDB Pricing" (Jul 2025) and jusdb.com (Aug 2025) for the post-cut figures.
      Override with --rru-price / --wru-price.""";

  /** One operation: a name, the function (logical id) that serves it, and its event, built when run. */
  private record Op(String name, String function, Supplier<String> event) {}

  /** What one operation did. */
  private record Result(String name, String function, String status, List<CapacityRecorder.Call> calls, String mode) {}

  private final Path repo;
  private final double rruPrice;
  private final double wruPrice;
  private final boolean details;
  private final DynamoDbClient raw;
  private final DynamoDbClient client;
  private final CapacityRecorder recorder;
  private final KeySet keys;
  private final SamTemplate template;
  private Gatehouse gatehouse;
  private boolean multiTenantOn;
  private final Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();

  private DynamoDbCostReport(Path repo, double rruPrice, double wruPrice, boolean details, String endpoint) {
    this.repo = repo;
    this.rruPrice = rruPrice;
    this.wruPrice = wruPrice;
    this.details = details;
    this.raw = client(endpoint, null);
    this.recorder = new CapacityRecorder(() -> raw, TABLE, shape(GatehouseTable.definition(TABLE)));
    this.client = client(endpoint, recorder);
    this.keys = KeySet.generate(SigningAlgorithm.ES256, Instant.now());
    this.template = SamTemplate.load(repo.resolve("template.yaml"));
  }

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(".");
    String multiTenant = "both";
    double rru = 0.125;
    double wru = 0.625;
    boolean events = true;
    boolean details = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repo" -> repo = Path.of(args[++i]);
        case "--multi-tenant" -> multiTenant = args[++i];
        case "--rru-price" -> rru = Double.parseDouble(args[++i]);
        case "--wru-price" -> wru = Double.parseDouble(args[++i]);
        case "--no-events" -> events = false;
        case "--details" -> details = true;
        default -> {
          System.err.println("usage: cost [--repo DIR] [--multi-tenant off|on|both] [--rru-price USD] [--wru-price USD] "
              + "[--no-events] [--details]");
          System.exit(2);
        }
      }
    }
    if (!Files.isRegularFile(repo.resolve("template.yaml"))) {
      throw new IllegalArgumentException(repo.toAbsolutePath() + " has no template.yaml: run from the repository root or pass --repo");
    }
    List<Boolean> modes = switch (multiTenant) {
      case "off" -> List.of(false);
      case "on" -> List.of(true);
      case "both" -> List.of(false, true);
      default -> throw new IllegalArgumentException("--multi-tenant off|on|both");
    };

    MotoServer dynamo = MotoServer.start();
    // Handlers log to stdout (provisioning) and stderr: keep the report clean.
    PrintStream out = System.out;
    System.setOut(System.err);
    try {
      DynamoDbCostReport report = new DynamoDbCostReport(repo, rru, wru, details, dynamo.endpoint().toString());
      StringBuilder md = new StringBuilder();
      md.append("# DynamoDB cost per Gatehouse operation\n\n");
      List<Result> all = new ArrayList<>();
      for (boolean on : modes) {
        List<Result> results = report.scenarios(on);
        all.addAll(results);
        report.table(md, "Scenarios at realistic sizes, multi-tenant mode " + (on ? "ON" : "OFF"), results, true);
      }
      if (events) {
        for (boolean on : modes) {
          List<Result> results = report.eventFiles(on);
          all.addAll(results);
          report.table(md, "Every events/ file (fixture data: demo-room, alice), multi-tenant mode " + (on ? "ON" : "OFF"), results, false);
        }
      }
      report.method(md, all);
      out.print(md);
      out.flush();
      report.raw.close();
      report.client.close();
    } finally {
      System.setOut(out);
      dynamo.close();
    }
    // The SDK's idle-connection reaper is a non-daemon thread: exit rather than wait for it.
    System.exit(0);
  }

  // --- setup ----------------------------------------------------------------------------------

  private static DynamoDbClient client(String endpoint, CapacityRecorder recorder) {
    var builder = DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(UrlConnectionHttpClient.create());
    if (recorder != null) {
      builder.overrideConfiguration(c -> c.addExecutionInterceptor(recorder));
    }
    return builder.build();
  }

  private static CapacityRecorder.Shape shape(CreateTableRequest definition) {
    String pk = keyOf(definition.keySchema(), KeyType.HASH);
    String sk = keyOf(definition.keySchema(), KeyType.RANGE);
    Map<String, String[]> gsis = new TreeMap<>();
    for (GlobalSecondaryIndex gsi : definition.globalSecondaryIndexes()) {
      gsis.put(gsi.indexName(), new String[] {keyOf(gsi.keySchema(), KeyType.HASH), keyOf(gsi.keySchema(), KeyType.RANGE)});
    }
    return new CapacityRecorder.Shape(pk, sk, gsis);
  }

  private static String keyOf(List<KeySchemaElement> schema, KeyType type) {
    return schema.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName).findFirst().orElse(null);
  }

  /** A fresh table, a fresh Gatehouse (empty caches) and a fresh instance of every handler. */
  private void reset(boolean multiTenant) throws Exception {
    multiTenantOn = multiTenant;
    // Emptied rather than re-created: the table and its indexes stay as they were made.
    GatehouseTable.createIfMissing(raw, TABLE);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    raw.scanPaginator(r -> r.tableName(TABLE).projectionExpression("PK, SK")).items().forEach(items::add);
    for (int i = 0; i < items.size(); i += 25) {
      List<WriteRequest> deletes = items.subList(i, Math.min(items.size(), i + 25)).stream()
          .map(k -> WriteRequest.builder().deleteRequest(d -> d.key(k)).build()).toList();
      raw.batchWriteItem(r -> r.requestItems(Map.of(TABLE, deletes)));
    }
    SigningKeyManager.KeyStore store = new SigningKeyManager.KeyStore() {
      private volatile String stored = keys.toStoredJson();

      @Override
      public Optional<String> readSigningKeys() {
        return Optional.of(stored);
      }

      @Override
      public void write(String signing, String verification) {
        stored = signing;
      }
    };
    gatehouse = Gatehouse.builder().dynamoDb(client).tableName(TABLE)
        .secretKeys(SecretKeys.of(List.of(KEY))).signingKeys(() -> keys)
        .keyManager(() -> new SigningKeyManager(store, Clock.systemUTC(), Duration.ofDays(1)))
        .projectId("gatehouse").issuer("https://gatehouse.bench.example").build();
    if (multiTenant) {
      gatehouse.settings().service().setMultiTenant(true);
    }
    handlers.clear();
    for (SamTemplate.Function f : template.functions().values()) {
      Object handler = Class.forName(f.handlerClass()).getConstructor(Gatehouse.class).newInstance(gatehouse);
      handlers.put(f.logicalId(), (RequestStreamHandler) handler);
    }
  }

  // --- scenarios ------------------------------------------------------------------------------

  /** The data the scenarios run against: 104 users of team acme, 40 small rooms in acme. */
  private void seed() {
    List<UserInput> users = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      users.add(new UserInput(user(i), "User " + i, null, List.of("acme"), null, Map.of("plan", "pro")));
    }
    gatehouse.users().service().upsert(users);
    gatehouse.users().service().upsert(List.of(new UserInput("alice@example.com", "Alice", null, List.of("acme"), null, null)));
    // The group scenarios' users, in team acme so that multi-tenant mode lets them reach its rooms.
    gatehouse.users().service().upsert(List.of("carrier@example.com", "stored-member@example.com", "outsider@example.com").stream()
        .map(id -> new UserInput(id, id, null, List.of("acme"), null, null)).toList());
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < SMALL_ROOMS; i++) {
      gatehouse.store().rooms().create(Room.create(
          SMALL_ROOM_PREFIX + String.format("%02d", i), new TenantId("acme"), start.plusSeconds(60L * i),
          Map.of("color", i % 2 == 0 ? "blue" : "green", "project", "p-" + i),
          RoomAccesses.parse(List.of(), Map.of("engineering", List.of("room:read")),
              Map.of("alice@example.com", List.of("room:write"), MEMBER, List.of("room:read"))),
          Optional.empty()));
    }
  }

  private List<Result> scenarios(boolean multiTenant) throws Exception {
    reset(multiTenant);
    seed();
    List<Op> ops = new ArrayList<>();
    ops.add(new Op("create-room (100 users, 20 groups, 10 metadata)", "CreateRoomFunction",
        () -> http("POST", "/v2/rooms", Map.of(), "", "Bearer " + KEY, bigRoom())));
    ops.add(new Op("get-room", "GetRoomFunction",
        () -> http("GET", "/v2/rooms/" + BIG_ROOM, Map.of("roomId", BIG_ROOM), "", "Bearer " + KEY, null)));
    ops.add(new Op("update-room (metadata only)", "UpdateRoomFunction",
        () -> http("POST", "/v2/rooms/" + BIG_ROOM, Map.of("roomId", BIG_ROOM), "", "Bearer " + KEY,
            "{\"metadata\": {\"status\": \"archived\"}}")));
    ops.add(new Op("update-room (1 user removed, 1 added)", "UpdateRoomFunction",
        () -> http("POST", "/v2/rooms/" + BIG_ROOM, Map.of("roomId", BIG_ROOM), "", "Bearer " + KEY,
            "{\"usersAccesses\": {\"" + user(99) + "\": null, \"newcomer@example.com\": [\"room:read\"]}}")));
    ops.add(new Op("upsert-room (existing, metadata)", "UpsertRoomFunction",
        () -> http("POST", "/v2/rooms/" + BIG_ROOM + "/upsert", Map.of("roomId", BIG_ROOM), "", "Bearer " + KEY,
            "{\"update\": {\"metadata\": {\"status\": \"active\"}}, \"create\": {\"defaultAccesses\": [], \"organizationId\": \"acme\"}}")));
    ops.add(new Op("list-rooms ?userId=…&limit=20", "ListRoomsFunction",
        () -> http("GET", "/v2/rooms", Map.of(), "userId=" + enc(MEMBER) + "&limit=20", "Bearer " + KEY, null)));
    ops.add(new Op("list-rooms ?organizationId=acme&limit=20", "ListRoomsFunction",
        () -> http("GET", "/v2/rooms", Map.of(), "organizationId=acme&limit=20", "Bearer " + KEY, null)));
    ops.add(new Op("query-rooms (server, team + metadata, 20)", "QueryRoomsFunction",
        () -> http("POST", "/v2/rooms/query", Map.of(), "", "Bearer " + KEY,
            "{\"filter\": {\"team\": \"acme\", \"metadata.color\": \"blue\"}, \"limit\": 20}")));
    ops.add(new Op("identify-user (organizationId acme)", "IdentifyUserFunction",
        () -> http("POST", "/v2/identify-user", Map.of(), "", "Bearer " + KEY,
            "{\"userId\": \"" + MEMBER + "\", \"groupIds\": [\"group-01\"], \"organizationId\": \"acme\", "
                + "\"userInfo\": {\"name\": \"User 7\", \"color\": \"#f0a\"}}")));
    ops.add(new Op("authorize-user / prepare-session (access token)", "AuthorizeUserFunction",
        () -> http("POST", "/v2/authorize-user", Map.of(), "", "Bearer " + KEY,
            "{\"userId\": \"" + MEMBER + "\", \"organizationId\": \"acme\", \"permissions\": {\"" + BIG_ROOM
                + "\": [\"room:write\"], \"acme-room-*\": [\"room:read\"]}, \"userInfo\": {\"name\": \"User 7\"}}")));
    ops.add(new Op("authorize-connection, ID token (with tenant)", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connection", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + idToken(MEMBER, Optional.of("acme")) + "\", \"roomId\": \"" + BIG_ROOM + "\"}")));
    ops.add(new Op("authorize-connection, ID token (no tenant)", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connection", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + idToken(MEMBER, Optional.empty()) + "\", \"roomId\": \"" + BIG_ROOM + "\"}")));
    ops.add(new Op("authorize-connection, access token", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connection", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + accessToken(MEMBER) + "\", \"roomId\": \"" + BIG_ROOM + "\"}")));
    // Groups at check time: the small rooms' groupsAccesses name "engineering".
    String smallRoom = SMALL_ROOM_PREFIX + "00";
    ops.add(new Op("create-group (engineering, 10 members)", "GroupsFunction",
        () -> http("POST", "/v2/groups", Map.of(), "", "Bearer " + KEY, "{\"groupId\": \"engineering\", \"organizationId\": \"acme\", "
            + "\"memberIds\": [\"stored-member@example.com\", " + String.join(", ", java.util.stream.IntStream.range(0, 9)
                .mapToObj(i -> "\"" + user(50 + i) + "\"").toList()) + "]}")));
    ops.add(new Op("authorize-connection, group entry, token carries the group", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connection", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + idToken("carrier@example.com", List.of("engineering"), Optional.of("acme")) + "\", \"roomId\": \"" + smallRoom + "\"}")));
    ops.add(new Op("authorize-connection, group entry, stored member", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connection", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + idToken("stored-member@example.com", List.of(), Optional.of("acme")) + "\", \"roomId\": \"" + smallRoom + "\"}")));
    ops.add(new Op("authorize-connection, group entry, in no group (403)", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connection", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + idToken("outsider@example.com", List.of(), Optional.of("acme")) + "\", \"roomId\": \"" + smallRoom + "\"}")));
    ops.add(new Op("authorize-connections (100 rooms: 40 exist)", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/authorize-connections", Map.of(), "", "Bearer " + KEY,
            "{\"token\": \"" + idToken(MEMBER, Optional.of("acme")) + "\", \"roomIds\": [" + String.join(", ",
                java.util.stream.IntStream.range(0, 100).mapToObj(i -> "\"" + SMALL_ROOM_PREFIX + String.format("%02d", i) + "\"").toList())
            + "]}")));
    ops.add(new Op("explain (group entry room)", "AuthorizeConnectionFunction",
        () -> http("POST", "/v2/explain", Map.of(), "", "Bearer " + KEY,
            "{\"userId\": \"stored-member@example.com\", \"organizationId\": \"acme\", \"roomId\": \"" + smallRoom + "\"}")));
    String renamed = SMALL_ROOM_PREFIX + "01";
    ops.add(new Op("update-room-id (3 entries)", "UpdateRoomFunction",
        () -> http("POST", "/v2/rooms/" + renamed + "/update-room-id", Map.of("roomId", renamed), "", "Bearer " + KEY,
            "{\"newRoomId\": \"acme-renamed-01\"}")));
    ops.add(new Op("upsert-users (1 new user, 2 teams)", "UpsertUsersFunction",
        () -> http("POST", "/v2/users", Map.of(), "", "Bearer " + KEY, newUser())));
    ops.add(new Op("upsert-users (same user again, unchanged)", "UpsertUsersFunction",
        () -> http("POST", "/v2/users", Map.of(), "", "Bearer " + KEY, newUser())));
    ops.add(new Op("get-user", "GetUserFunction",
        () -> http("GET", "/v2/users/" + enc(MEMBER), Map.of("userId", MEMBER), "", "Bearer " + KEY, null)));
    ops.add(new Op("client query-rooms (team filter, ID token)", "ClientQueryRoomsFunction",
        () -> http("POST", "/v2/c/rooms/query", Map.of(), "", "Bearer " + idToken(MEMBER, Optional.of("acme")),
            "{\"filter\": {\"team\": \"acme\"}, \"limit\": 20}")));
    ops.add(new Op("client query-users (ID token)", "ClientQueryUsersFunction",
        () -> http("POST", "/v2/c/users/query", Map.of(), "", "Bearer " + idToken(MEMBER, Optional.of("acme")),
            "{\"filter\": {}, \"limit\": 20}")));
    ops.add(new Op("provisioning user.upserted (EventBridge, 2 teams)", "ProvisioningFunction",
        DynamoDbCostReport::userUpsertedEvent));
    ops.add(new Op("delete-room (120 access entries)", "DeleteRoomFunction",
        () -> http("DELETE", "/v2/rooms/" + BIG_ROOM, Map.of("roomId", BIG_ROOM), "", "Bearer " + KEY, null)));

    List<Result> results = new ArrayList<>();
    for (Op op : ops) {
      results.add(run(op.name(), op.function(), op.event().get()));
    }
    return results;
  }

  private List<Result> eventFiles(boolean multiTenant) throws Exception {
    JsonNode expectations = JSON.readTree(repo.resolve("local/src/test/resources/event-expectations.json").toFile());
    List<String> files = new ArrayList<>();
    expectations.fieldNames().forEachRemaining(files::add);
    files.sort(null);
    List<Result> results = new ArrayList<>();
    for (String file : files) {
      JsonNode e = expectations.get(file);
      if (!(e.has("result") || e.path("status").asInt() / 100 == 2)) {
        continue;
      }
      reset(multiTenant);
      EventFixture.seed(gatehouse);
      String event = Files.readString(repo.resolve("events").resolve(file));
      if (e.has("freshToken")) {
        event = event.replace(EventFixture.TOKEN_PLACEHOLDER, EventFixture.mint(gatehouse, e.get("freshToken")));
      }
      results.add(run(file.replace(".json", ""), e.get("function").asText(), event));
    }
    return results;
  }

  private Result run(String name, String function, String event) {
    RequestStreamHandler handler = handlers.get(function);
    // Each operation starts with an expired settings cache (a new or a 5-s-idle container), so
    // that whether it consults the settings shows; such reads are marked and priced apart.
    gatehouse.settings().service().forget();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String status;
    recorder.start();
    try {
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, new LocalContext("cost", function));
      status = status(output.toString(StandardCharsets.UTF_8));
    } catch (Exception | Error e) {
      status = "error: " + e.getClass().getSimpleName();
    }
    List<CapacityRecorder.Call> calls = recorder.stop();
    return new Result(name, function, status, calls, multiTenantOn ? "MT on" : "MT off");
  }

  private static String status(String output) {
    try {
      JsonNode result = JSON.readTree(output);
      if (result.has("statusCode")) {
        return result.get("statusCode").asText();
      }
      if (result.has("isAuthorized")) {
        return result.get("isAuthorized").asBoolean() ? "allow" : "deny";
      }
      if (result.has("policyDocument")) {
        return result.path("policyDocument").path("Statement").path(0).path("Effect").asText("?").toLowerCase(Locale.ROOT);
      }
      if (result.has("outcome")) {
        return result.get("outcome").asText();
      }
      if (result.has("batchItemFailures")) {
        return result.get("batchItemFailures").isEmpty() ? "ok" : result.get("batchItemFailures").size() + " failed";
      }
      return "ok";
    } catch (Exception e) {
      return "ok";
    }
  }

  // --- events and bodies ----------------------------------------------------------------------

  private static String user(int i) {
    return String.format("user-%03d@example.com", i);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String bigRoom() {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", BIG_ROOM);
    body.put("organizationId", "acme");
    body.putArray("defaultAccesses");
    ObjectNode users = body.putObject("usersAccesses");
    for (int i = 0; i < 100; i++) {
      ArrayNode list = users.putArray(user(i));
      if (i % 2 == 0) {
        list.add("room:write");
      } else {
        list.add("room:read").add("comments:write");
      }
    }
    ObjectNode groups = body.putObject("groupsAccesses");
    for (int i = 0; i < 20; i++) {
      groups.putArray(String.format("group-%02d", i)).add("room:write");
    }
    ObjectNode metadata = body.putObject("metadata");
    metadata.put("title", "Quarterly planning, product and engineering");
    metadata.put("project", "p-0042");
    metadata.put("status", "active");
    metadata.put("owner", user(0));
    metadata.put("color", "blue");
    metadata.put("locale", "en-GB");
    metadata.put("template", "planning-v3");
    metadata.put("createdFrom", "web");
    metadata.put("region", "eu-west-1");
    metadata.putArray("tags").add("planning").add("q3").add("roadmap");
    return body.toString();
  }

  private static String newUser() {
    return "{\"users\": [{\"id\": \"dana@example.com\", \"name\": \"Dana\", \"teams\": [\"acme\", \"globex\"], "
        + "\"teamsRole\": {\"globex\": \"admin\"}, \"metadata\": {\"plan\": \"pro\"}}]}";
  }

  private static String userUpsertedEvent() {
    return """
        {"version": "0", "id": "eb-evt-cost-1", "detail-type": "user.upserted", "source": "billing.example",
         "account": "123456789012", "time": "2026-11-22T11:00:00Z", "region": "us-east-1", "resources": [],
         "detail": {"id": "evt-cost-1", "occurredAt": "2026-11-22T11:00:00.000Z",
           "data": {"id": "erin@example.com", "name": "Erin", "teams": ["acme", "globex"], "teamsRole": {"globex": "admin"}}}}
        """;
  }

  private String idToken(String user, Optional<String> tenant) {
    return idToken(user, List.of("group-01"), tenant);
  }

  private String idToken(String user, List<String> groups, Optional<String> tenant) {
    return gatehouse.access().tokens().identifyUser(new IdentifyUser(user, groups, tenant, Map.of(), 0)).token();
  }

  private String accessToken(String user) {
    return gatehouse.access().tokens().authorizeUser(new AuthorizeUser(user,
        Map.of(BIG_ROOM, List.of("room:write"), "acme-room-*", List.of("room:read")), Optional.of("acme"), Map.of(), 0)).token();
  }

  /** An API Gateway HTTP API event (payload 2.0). */
  private static String http(String method, String path, Map<String, String> pathParameters, String rawQuery,
      String authorization, String body) {
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", method + " " + path);
    e.put("rawPath", path);
    e.put("rawQueryString", rawQuery);
    ObjectNode headers = e.putObject("headers");
    headers.put("authorization", authorization);
    headers.put("content-type", "application/json");
    if (!rawQuery.isEmpty()) {
      ObjectNode query = e.putObject("queryStringParameters");
      for (String part : rawQuery.split("&")) {
        String[] kv = part.split("=", 2);
        query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    if (!pathParameters.isEmpty()) {
      ObjectNode params = e.putObject("pathParameters");
      pathParameters.forEach(params::put);
    }
    ObjectNode context = e.putObject("requestContext");
    context.put("requestId", "cost");
    context.put("routeKey", method + " " + path);
    context.putObject("http").put("method", method).put("path", path);
    e.put("isBase64Encoded", false);
    if (body != null) {
      e.put("body", body);
    }
    return e.toString();
  }

  // --- the report -----------------------------------------------------------------------------

  private void table(StringBuilder md, String title, List<Result> results, boolean withSizes) {
    md.append("## ").append(title).append("\n\n");
    md.append("| operation | status | DynamoDB calls | RCU | WCU | item size (read / written) | $ per million requests |\n");
    md.append("| --- | --- | --- | ---: | ---: | --- | ---: |\n");
    for (Result r : results) {
      double rcu = 0;
      double wcu = 0;
      long read = 0;
      long written = 0;
      double settingsRcu = 0;
      for (CapacityRecorder.Call c : r.calls()) {
        if (c.settings()) {
          settingsRcu += c.rcu();
          continue;
        }
        rcu += c.rcu();
        wcu += c.wcu();
        read += c.bytesRead();
        written += c.bytesWritten();
      }
      String cost = money(rcu * rruPrice + wcu * wruPrice);
      if (settingsRcu > 0) {
        cost += " (" + money((rcu + settingsRcu) * rruPrice + wcu * wruPrice) + "†)";
      }
      md.append("| ").append(r.name()).append(" | ").append(r.status()).append(" | ").append(summary(r.calls()))
          .append(" | ").append(units(rcu)).append(" | ").append(units(wcu)).append(" | ")
          .append(kb(read)).append(" / ").append(kb(written)).append(" | ").append(cost).append(" |\n");
    }
    md.append("\n† settings read (`GetItem APP/SETTINGS`): token issuing and the settings routes make it when the container's 5-s "
        + "settings cache has expired, so at most once per 5 s per warm container; a connection check only on its container's "
        + "first request (its own read brings the settings after that). RCU, WCU and the first price leave it out (steady "
        + "traffic); the price in brackets includes it (a container idle for 5 s, or a cold start).\n\n");
    if (details) {
      md.append("<details><summary>Every call</summary>\n\n");
      md.append("| operation | call | items | bytes read | bytes written | GSI writes | RCU | WCU | engine reported |\n");
      md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Result r : results) {
        for (CapacityRecorder.Call c : r.calls()) {
          md.append("| ").append(r.name()).append(" | ").append(c.operation()).append(' ').append(c.what())
              .append(c.failed() ? " (failed)" : "").append(c.settings() ? " †" : "")
              .append(" | ").append(c.items()).append(" | ").append(c.bytesRead()).append(" | ").append(c.bytesWritten())
              .append(" | ").append(c.gsiWrites()).append(" | ").append(units(c.rcu())).append(" | ").append(units(c.wcu()))
              .append(" | ").append(c.reportedTotal() == null ? "—" : units(c.reportedTotal())).append(" |\n");
        }
      }
      md.append("\n</details>\n\n");
    }
  }

  /** The calls of one operation, consecutive identical ones counted: "2× GetItem ROOMID · PutItem TENANT/ROOM". */
  private static String summary(List<CapacityRecorder.Call> calls) {
    if (calls.isEmpty()) {
      return "none";
    }
    List<String> labels = new ArrayList<>();
    for (CapacityRecorder.Call c : calls) {
      String what = c.what();
      if (c.operation().startsWith("Batch") || c.operation().startsWith("Transact")) {
        what = "(" + c.items() + " items)";
      }
      labels.add(c.operation() + " " + what + (c.failed() ? " (failed)" : "") + (c.settings() ? " †" : ""));
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < labels.size(); ) {
      int j = i;
      while (j < labels.size() && labels.get(j).equals(labels.get(i))) {
        j++;
      }
      if (out.length() > 0) {
        out.append(" · ");
      }
      out.append(j - i > 1 ? (j - i) + "× " : "").append(labels.get(i));
      i = j;
    }
    return out.toString();
  }

  /** How the figures were made, whether the engine's own figures agree, and what looks wasteful. */
  private void method(StringBuilder md, List<Result> all) {
    // Per DynamoDB operation: calls, calls with a reported ConsumedCapacity, and how many of
    // those equal the documented rules.
    Map<String, int[]> agreement = new TreeMap<>();
    Map<String, String> example = new TreeMap<>();
    for (Result r : all) {
      for (CapacityRecorder.Call c : r.calls()) {
        int[] counts = agreement.computeIfAbsent(c.operation(), k -> new int[3]);
        counts[0]++;
        if (c.reportedTotal() != null) {
          counts[1]++;
          double computed = c.rcu() + c.wcu();
          if (Math.abs(c.reportedTotal() - computed) < 1e-9) {
            counts[2]++;
          } else {
            example.putIfAbsent(c.operation(), r.name() + ", " + c.what() + ": engine " + units(c.reportedTotal())
                + ", rules " + units(computed));
          }
        }
      }
    }
    boolean allAgree = agreement.values().stream().allMatch(c -> c[0] == c[1] && c[1] == c[2]);
    md.append("## Method\n\n");
    md.append("* Every operation is one event through the real handler class of template.yaml (API Gateway HTTP API payload 2.0, "
        + "EventBridge, SQS, Cognito or Lambda-authorizer event), on moto in server mode (in memory), with an SDK "
        + "`ExecutionInterceptor` (`CapacityRecorder`) that sets `ReturnConsumedCapacity=INDEXES` on every data call "
        + "(`modifyRequest`, `toBuilder()`) and records the call, the items' sizes and the reported capacity.\n");
    md.append("* Does the engine (moto) return ConsumedCapacity, and does it match the rules? Per call type: calls / reported / equal to the "
        + "documented rules:\n\n");
    md.append("  | call | calls | with ConsumedCapacity | equal to the rules | example of a difference |\n");
    md.append("  | --- | ---: | ---: | ---: | --- |\n");
    agreement.forEach((op, c) -> md.append("  | ").append(op).append(" | ").append(c[0]).append(" | ").append(c[1])
        .append(" | ").append(c[2]).append(" | ").append(example.getOrDefault(op, "")).append(" |\n"));
    md.append('\n');
    md.append(allAgree
        ? "  The tables use the rules (identical to what the engine reported).\n"
        : "  **The tables use RCU/WCU computed from the item sizes by the documented rules** (`BillingRules`, checked "
            + "against hand-worked cases in `BillingRulesTest`), for every call: an emulator's own figures are not DynamoDB's "
            + "billing, and the column above only shows where they differ.\n");
    md.append("* Rules (DynamoDB Developer Guide, \"read and write operations\", \"GSI writes\"; on-demand pricing page): "
        + "a read is the item size rounded up to 4 KB, 1 RRU strongly consistent, 0.5 eventually consistent, 2 transactional, "
        + "a missing item still costs the minimum; BatchGetItem rounds each item; Query sums the items returned, then rounds up "
        + "(GSIs are eventually consistent and return the keys-only projection); a write is the larger of the item before and "
        + "after, rounded up to 1 KB, a delete the deleted item; transactional table writes ×2; each GSI whose key a write adds "
        + "or removes costs 1 WRU (2 when the key changes, 0 when it stays: all three GSIs are KEYS_ONLY), not doubled inside "
        + "a transaction (AWS's docs do not say; a capture against real DynamoDB reported in nubo-db/dynoxide PR #188 finds "
        + "the 2× on the table arm only; were it doubled, create-room would cost 3 WRU more, a new user 2 more). Item sizes follow the Developer Guide's size rules (names + values, 3 bytes per list/map, 1 per element).\n");
    md.append("* ").append(PRICE_SOURCE.replace("\n", " ")).append(" Cost per million requests = RRU × $")
        .append(rruPrice).append(" + WRU × $").append(wruPrice).append(".\n\n");
    notes(md, all);
  }

  private void notes(StringBuilder md, List<Result> all) {
    md.append("## Flags found in this run\n\n");
    java.util.Set<String> flags = new java.util.LinkedHashSet<>();
    java.util.Set<String> settings = new java.util.LinkedHashSet<>();
    for (Result r : all) {
      Map<String, Integer> reads = new LinkedHashMap<>();
      int dataCalls = 0;
      int gets = 0;
      for (CapacityRecorder.Call c : r.calls()) {
        if (c.settings()) {
          settings.add(r.name());
          continue;
        }
        dataCalls++;
        if (c.operation().equals("Scan")) {
          flags.add("[" + r.mode() + "] **Scan** in " + r.name() + ": " + c.what());
        }
        if (c.operation().equals("GetItem")) {
          gets++;
          reads.merge(c.itemKey(), 1, Integer::sum);
        }
        if (c.operation().equals("BatchGetItem") && c.items() > 25) {
          flags.add("[" + r.mode() + "] " + r.name() + ": BatchGetItem of " + c.items() + " items (" + kb(c.bytesRead()) + ", " + units(c.rcu())
              + " RCU, strongly consistent) to return one page of at most 20");
        }
        if (c.operation().equals("TransactWriteItems") && !c.what().contains("ROOMID") && c.what().contains("items (")
            && !c.what().contains("TENANT/ROOM")) {
          flags.add("[" + r.mode() + "] " + r.name() + ": TransactWriteItems of index items only " + c.what() + " — "
              + units(c.wcu()) + " WCU; outside a transaction their table writes cost half");
        }
      }
      reads.forEach((key, n) -> {
        if (n > 1) {
          flags.add("[" + r.mode() + "] " + r.name() + ": the same item read " + n + "× (GetItem " + key + ")");
        }
      });
      if (r.function().equals("AuthorizeConnectionFunction") && dataCalls != 1) {
        flags.add("[" + r.mode() + "] **" + r.name() + "** (" + r.status() + "): " + dataCalls + " DynamoDB calls besides the settings ("
            + gets + " GetItem), target exactly one");
      }
    }
    flags.forEach(f -> md.append("* ").append(f).append('\n'));
    if (!settings.isEmpty()) {
      md.append("* Settings GetItem (cache expired) made by: ").append(String.join(", ", settings)).append('\n');
    }
    md.append('\n');
  }

  private static String units(double u) {
    return u == Math.rint(u) ? Long.toString((long) u) : String.format(Locale.ROOT, "%.1f", u);
  }

  private static String kb(long bytes) {
    return bytes == 0 ? "0" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }

  private static String money(double dollars) {
    return String.format(Locale.ROOT, "$%.4f", dollars);
  }
}
