package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.runtime.MapHandler;
import dev.gatehouse.runtime.DynamoDbRetries;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.dynamodb.DynamoDbRoomRepository;
import dev.gatehouse.store.dynamodb.DynamoDbUserRepository;
import dev.gatehouse.store.dynamodb.Keys;
import dev.gatehouse.testing.MotoServer;
import dev.gatehouse.testing.FaultInjector;
import dev.gatehouse.testing.FaultInjector.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB failures injected at the SDK boundary on every write path (issue 13): throttling,
 * timeouts, server errors, transaction cancellations and lost answers, once (a retry within the
 * budget should absorb it) and on every attempt from some call on (past the budget). For each:
 * the answer is the success a healthy store gives or a 503 in the Liveblocks shape with {@code
 * Retry-After}, never a 500 and never a 409/422 our own retry caused; the state read back equals
 * the state before or the state after the whole operation (a twin operation on a healthy store
 * gives "after"); a resent request then succeeds; and no SDK call made more than {@value
 * DynamoDbRetries#MAX_ATTEMPTS} attempts.
 *
 * <p>The handlers run on a DynamoDB client with the production retry budget ({@link
 * DynamoDbRetries}) plus a {@link FaultInjector}; the engine behind it is only an endpoint. The
 * matrix runs on two {@link Lane}s at once, each case on a fresh table; JUnit reports each case
 * when its lane has run it (so the per-case times in the report are not the cases' own: the
 * "lane N: PATH starts at" lines say where the time went). {@code -Dfaults.matrix=false} leaves
 * the matrix out, {@code -Dfaults.path=NAME} runs the paths whose name contains NAME, {@code
 * -Dfaults.lanes=N} sets the number of lanes.
 */
class FaultInjectionIT {
  private static final String KEY = "sk_fault_injection_tests_0123456789";
  private static final String TABLE = LocalGatehouse.TABLE;
  private static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");
  private static final Set<String> TIME_FIELDS = Set.of("createdAt", "lastConnectionAt", "updatedAt");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /**
   * One engine and the handlers on it: a moto server of its own, a client with the production
   * budget and a {@link FaultInjector}, the local handlers and server on that client, and a healthy
   * client and repositories to read the table back. The matrix runs its paths on two lanes at
   * once (a moto server is one Python process: one core each); the rest of the class uses the first.
   */
  static final class Lane implements AutoCloseable {
    final MotoServer engine;
    final FaultInjector faults = new FaultInjector();
    final DynamoDbClient faulty;
    final LocalGatehouse local;
    final LocalServer server;
    final Api api;
    final DynamoDbClient healthy;
    final DynamoDbRoomRepository rooms;
    final DynamoDbUserRepository users;

    Lane() throws java.io.IOException {
      engine = MotoServer.start();
      faulty = faultyClient(engine.endpoint(), faults);
      // Created outside the budget: CreateTable on a loaded machine can outlast a 4 s call.
      dev.gatehouse.store.dynamodb.GatehouseTable.createIfMissing(engine.dynamoDb(), TABLE);
      local = LocalGatehouse.onStore(Repo.template(), faulty, KEY);
      server = LocalServer.start(local, "127.0.0.1", 0);
      api = new Api(server.baseUri(), KEY);
      healthy = engine.dynamoDb();
      DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(healthy).build();
      rooms = new DynamoDbRoomRepository(enhanced, TABLE);
      users = new DynamoDbUserRepository(enhanced, TABLE);
      assertEquals(200, api.server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());
    }

    @Override
    public void close() {
      server.close();
      local.close();
      faulty.close();
      engine.close();
    }
  }

  private static final List<Lane> LANES = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The lane this thread works on: the first, unless the matrix put the thread on another. */
  private static final ThreadLocal<Lane> LANE = new ThreadLocal<>();

  private static Lane lane() {
    Lane lane = LANE.get();
    return lane != null ? lane : LANES.getFirst();
  }

  private static FaultInjector faults() {
    return lane().faults;
  }

  private static LocalGatehouse local() {
    return lane().local;
  }

  private static LocalServer server() {
    return lane().server;
  }

  private static Api api() {
    return lane().api;
  }

  private static DynamoDbClient healthy() {
    return lane().healthy;
  }

  private static DynamoDbRoomRepository rooms() {
    return lane().rooms;
  }

  private static DynamoDbUserRepository users() {
    return lane().users;
  }

  @BeforeAll
  static void start() throws java.io.IOException {
    LANES.add(new Lane());
  }

  @AfterAll
  static void stop() {
    LANES.forEach(Lane::close);
    LANES.clear();
  }

  /** An empty table, multi-tenant mode on, as the lane started with. */
  private static void freshTable() {
    healthy().deleteTable(r -> r.tableName(TABLE));
    dev.gatehouse.store.dynamodb.GatehouseTable.createIfMissing(healthy(), TABLE);
    assertEquals(200, api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());
  }

  /** A client as a function builds it (the production retry budget), with the injector at its SDK boundary. */
  static DynamoDbClient faultyClient(URI endpoint, FaultInjector injector) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(DynamoDbRetries.configuration().addExecutionInterceptor(injector).build())
        .build();
  }

  // --- the write paths --------------------------------------------------------------------------

  /** What an operation answered: an HTTP status and body, or an SQS batch's failures. */
  record Answer(int status, JsonNode body, Map<String, String> headers) {}

  /**
   * One write path. Every id it touches contains {@code k}, so two runs under different {@code k}
   * (the healthy twin and the faulted one) compare once {@code k} is blanked out.
   */
  record WritePath(String name, Set<Integer> success, boolean resendable, Function<String, Things> things,
      java.util.function.Consumer<String> setup, Function<String, Answer> operation) {
    /** A batch writes its entities one by one (users) or resumably (a tenant's offboarding): each lands or not. */
    boolean batch() {
      return name.startsWith("users upsert batch") || name.equals("event tenant.deleted");
    }
  }

  /** What a path's state is made of: read back through the API and, for versions and index items, the table. */
  record Things(String tenant, List<String> rooms, List<String> users, List<String> accessUsers, List<String> groups,
      List<String> teams, boolean settings) {}

  static Stream<WritePath> paths() {
    List<WritePath> paths = new ArrayList<>();
    paths.add(new WritePath("room create", Set.of(200), false, FaultInjectionIT::roomThings, k -> {},
        k -> http("POST", "/v2/rooms", newRoom(k))));
    paths.add(new WritePath("room create ?idempotent (new)", Set.of(200), true, FaultInjectionIT::roomThings, k -> {},
        k -> http("POST", "/v2/rooms?idempotent", newRoom(k))));
    paths.add(new WritePath("room update (accesses and metadata)", Set.of(200), true, FaultInjectionIT::roomThings,
        FaultInjectionIT::createRoom,
        k -> http("POST", "/v2/rooms/" + room(k), Map.of(
            "usersAccesses", nullable("alice-" + k, null, "bob-" + k, List.of("room:write")),
            "groupsAccesses", nullable("eng-" + k, List.of("room:read")),
            "metadata", nullable("color", null, "status", "archived")))));
    paths.add(new WritePath("room update (metadata only)", Set.of(200), true, FaultInjectionIT::roomThings,
        FaultInjectionIT::createRoom,
        k -> http("POST", "/v2/rooms/" + room(k), Map.of("metadata", Map.of("status", "archived")))));
    paths.add(new WritePath("room upsert (existing)", Set.of(200), true, FaultInjectionIT::roomThings,
        FaultInjectionIT::createRoom,
        k -> http("POST", "/v2/rooms/" + room(k) + "/upsert", Map.of(
            "update", Map.of("usersAccesses", Map.of("bob-" + k, List.of("room:write"))),
            "create", Map.of("defaultAccesses", List.of(), "organizationId", tenant(k))))));
    paths.add(new WritePath("room upsert (new)", Set.of(200), true, FaultInjectionIT::roomThings, k -> {},
        k -> http("POST", "/v2/rooms/" + room(k) + "/upsert", Map.of(
            "update", Map.of("metadata", Map.of("status", "open")),
            "create", Map.of("defaultAccesses", List.of(), "organizationId", tenant(k),
                "usersAccesses", Map.of("alice-" + k, List.of("room:write")))))));
    paths.add(new WritePath("room delete", Set.of(204), true, FaultInjectionIT::roomThings, FaultInjectionIT::createRoom,
        k -> http("DELETE", "/v2/rooms/" + room(k), null)));
    paths.add(new WritePath("users upsert batch", Set.of(200), true, FaultInjectionIT::userThings, FaultInjectionIT::createUsers,
        k -> http("POST", "/v2/users", Map.of("users", List.of(
            Map.of("id", "u1-" + k, "name", "One", "teams", List.of("t2-" + k, "t3-" + k)),
            Map.of("id", "u2-" + k, "name", "Two", "teams", List.of("t1-" + k)),
            Map.of("id", "u3-" + k, "name", "Three", "teams", List.of("t1-" + k, "t2-" + k, "t3-" + k)))))));
    paths.add(new WritePath("user patch", Set.of(200), true, FaultInjectionIT::userThings, FaultInjectionIT::createUsers,
        k -> http("PATCH", "/v2/users", Map.of("users", List.of(
            Map.of("id", "u1-" + k, "set", Map.of("teams", List.of("t2-" + k, "t3-" + k), "metadata", Map.of("title", "CTO"))))))));
    paths.add(new WritePath("user delete", Set.of(204), true, FaultInjectionIT::userThings, FaultInjectionIT::createUsers,
        k -> http("DELETE", "/v2/users/u1-" + k, null)));
    paths.add(new WritePath("event user.upserted", Set.of(200), true, FaultInjectionIT::userThings, FaultInjectionIT::createUsers,
        k -> event(k, "user.upserted", "{\"id\":\"u1-" + k + "\",\"name\":\"Evented\",\"teams\":[\"t3-" + k + "\"]}")));
    paths.add(new WritePath("event user.deleted", Set.of(200), true, FaultInjectionIT::userThings, FaultInjectionIT::createUsers,
        k -> event(k, "user.deleted", "{\"id\":\"u1-" + k + "\"}")));
    paths.add(new WritePath("event room.created", Set.of(200), true, FaultInjectionIT::roomThings, k -> {},
        k -> event(k, "room.created", "{\"id\":\"" + room(k) + "\",\"defaultAccesses\":[],\"organizationId\":\"" + tenant(k)
            + "\",\"usersAccesses\":{\"alice-" + k + "\":[\"room:write\"]},\"metadata\":{\"kind\":\"doc\"}}")));
    paths.add(new WritePath("event room.updated", Set.of(200), true, FaultInjectionIT::roomThings, FaultInjectionIT::createRoom,
        k -> event(k, "room.updated", "{\"id\":\"" + room(k) + "\",\"usersAccesses\":{\"alice-" + k + "\":null,\"bob-" + k
            + "\":[\"room:write\"]},\"metadata\":{\"status\":\"draft\"}}")));
    paths.add(new WritePath("event room.deleted", Set.of(200), true, FaultInjectionIT::roomThings, FaultInjectionIT::createRoom,
        k -> event(k, "room.deleted", "{\"id\":\"" + room(k) + "\"}")));
    paths.add(new WritePath("event tenant.deleted", Set.of(200), true, FaultInjectionIT::tenantThings, FaultInjectionIT::createTenant,
        k -> event(k, "tenant.deleted", "{\"tenantId\":\"" + tenant(k) + "\"}")));
    paths.add(new WritePath("client room create", Set.of(200), false, FaultInjectionIT::clientThings, FaultInjectionIT::createClientUser,
        k -> client(k, "POST", "/v2/c/rooms", Map.of("id", tenant(k) + ":standup", "team", tenant(k), "metadata", Map.of("color", "green")))));
    paths.add(new WritePath("client room update", Set.of(200), true, FaultInjectionIT::clientThings, FaultInjectionIT::createClientRoom,
        k -> client(k, "POST", "/v2/c/rooms/" + tenant(k) + ":standup", Map.of("metadata", Map.of("status", "done")))));
    paths.add(new WritePath("client room delete", Set.of(204), true, FaultInjectionIT::clientThings, FaultInjectionIT::createClientRoom,
        k -> client(k, "DELETE", "/v2/c/rooms/" + tenant(k) + ":standup", null)));
    // Its setup turns the mode off; every case's fresh table starts with it on again.
    paths.add(new WritePath("settings update", Set.of(200), true,
        k -> new Things(tenant(k), List.of(), List.of(), List.of(), List.of(), List.of(), true),
        k -> assertEquals(200, api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", false)).status()),
        k -> {
          Answer answer = http("POST", "/v2/settings", Map.of("multiTenantEnabled", true));
          return answer;
        }));
    return paths.stream();
  }

  private static String room(String k) {
    return "r-" + k;
  }

  private static String tenant(String k) {
    return "t-" + k;
  }

  private static Map<String, Object> nullable(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> newRoom(String k) {
    return Map.of("id", room(k), "defaultAccesses", List.of(), "organizationId", tenant(k),
        "usersAccesses", Map.of("alice-" + k, List.of("room:write")),
        "groupsAccesses", Map.of("eng-" + k, List.of("room:write")),
        "metadata", Map.of("color", "blue"));
  }

  private static void createRoom(String k) {
    assertEquals(200, api().server("POST", "/v2/rooms", newRoom(k)).status());
  }

  private static Things roomThings(String k) {
    return new Things(tenant(k), List.of(room(k)), List.of(), List.of("alice-" + k, "bob-" + k), List.of("eng-" + k), List.of(), false);
  }

  private static void createUsers(String k) {
    assertEquals(200, api().server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "u1-" + k, "name", "Uno", "teams", List.of("t1-" + k, "t2-" + k)),
        Map.of("id", "u2-" + k, "name", "Dos", "teams", List.of("t2-" + k))))).status());
  }

  private static Things userThings(String k) {
    return new Things(tenant(k), List.of(), List.of("u1-" + k, "u2-" + k, "u3-" + k), List.of(), List.of(),
        List.of("t1-" + k, "t2-" + k, "t3-" + k), false);
  }

  private static void createTenant(String k) {
    for (int i = 0; i < 4; i++) {
      assertEquals(200, api().server("POST", "/v2/rooms", Map.of("id", tenant(k) + ":room" + i, "defaultAccesses", List.of(),
          "organizationId", tenant(k), "usersAccesses", Map.of("alice-" + k, List.of("room:write")))).status());
    }
    assertEquals(200, api().server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "u1-" + k, "teams", List.of(tenant(k), "t1-" + k)),
        Map.of("id", "u2-" + k, "teams", List.of(tenant(k)))))).status());
  }

  private static Things tenantThings(String k) {
    List<String> tenantRooms = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tenantRooms.add(tenant(k) + ":room" + i);
    }
    return new Things(tenant(k), tenantRooms, List.of("u1-" + k, "u2-" + k), List.of("alice-" + k), List.of(),
        List.of(tenant(k), "t1-" + k), false);
  }

  private static void createClientUser(String k) {
    assertEquals(200, api().server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "c-" + k, "teams", List.of(tenant(k)), "teamsRole", Map.of(tenant(k), "admin"))))).status());
  }

  private static void createClientRoom(String k) {
    createClientUser(k);
    assertEquals(200, client(k, "POST", "/v2/c/rooms", Map.of("id", tenant(k) + ":standup", "team", tenant(k))).status());
  }

  private static Things clientThings(String k) {
    return new Things(tenant(k), List.of(tenant(k) + ":standup"), List.of("c-" + k), List.of("c-" + k), List.of(),
        List.of(tenant(k)), false);
  }

  private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Answer client(String k, String method, String path, Object body) {
    String token = TOKENS.computeIfAbsent(k, x -> api().idToken("c-" + k, tenant(k)));
    return send(method, path, body, token);
  }

  private static Answer http(String method, String path, Object body) {
    return send(method, path, body, KEY);
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Answer send(String method, String path, Object body, String bearer) {
    try {
      HttpRequest request = HttpRequest.newBuilder(server().baseUri().resolve(path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)))
          .header("Authorization", "Bearer " + bearer).build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      response.headers().map().forEach((name, values) -> headers.put(name, values.getFirst()));
      return new Answer(response.statusCode(), response.body().isEmpty() ? null : Api.JSON.readTree(response.body()), headers);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One provisioning event through the handler, as SQS delivers it: 200 when applied, 503 when left for redelivery. */
  @SuppressWarnings("unchecked")
  private static Answer event(String k, String type, String data) {
    String body = "{\"id\":\"e-" + type + "-" + k + "\",\"type\":\"" + type + "\",\"occurredAt\":\""
        + java.time.Instant.now() + "\",\"data\":" + data + "}";
    Map<String, Object> sqs = Map.of("Records", List.of(Map.of("messageId", "m-" + k, "body", body,
        "eventSource", "aws:sqs")));
    MapHandler handler = (MapHandler) local().handler("ProvisioningFunction");
    Map<String, Object> result;
    try {
      result = handler.handle(sqs, new LocalContext("fault-" + k, "ProvisioningFunction"));
    } catch (RuntimeException e) {
      return new Answer(500, Api.JSON.valueToTree(Map.of("error", e.toString())), Map.of());
    }
    List<?> failures = (List<?>) result.get("batchItemFailures");
    return new Answer(failures.isEmpty() ? 200 : 503, Api.JSON.valueToTree(result), Map.of("retry-after", "1"));
  }

  // --- state ------------------------------------------------------------------------------------

  /** Everything the path touches, read back with no faults, {@code k} blanked out. */
  private static ObjectNode state(String k, Things things) {
    ObjectNode state = Api.JSON.createObjectNode();
    for (String room : things.rooms()) {
      ObjectNode node = state.putObject("api room " + room);
      Api.Reply got = api().server("GET", "/v2/rooms/" + room, null);
      node.put("status", got.status());
      node.set("body", withoutTimes(got.body()));
      state.put("version room " + room, rooms().find(room).map(r -> r.version()).orElse(-1L));
    }
    for (String user : things.accessUsers()) {
      state.set("api rooms of " + user, Api.JSON.valueToTree(
          api().server("GET", "/v2/rooms?organizationId=" + things.tenant() + "&userId=" + user, null).ids()));
      state.set("raw index of " + user, index(Keys.userAccess(user)));
    }
    for (String group : things.groups()) {
      state.set("api rooms of group " + group, Api.JSON.valueToTree(
          api().server("GET", "/v2/rooms?organizationId=" + things.tenant() + "&groupIds=" + group, null).ids()));
      state.set("raw index of group " + group, index(Keys.groupAccess(group)));
    }
    for (String user : things.users()) {
      ObjectNode node = state.putObject("api user " + user);
      Api.Reply got = api().server("GET", "/v2/users/" + user, null);
      node.put("status", got.status());
      node.set("body", withoutTimes(got.body()));
      state.put("version user " + user, users().find(user).map(u -> u.version()).orElse(-1L));
      List<String> memberships = new ArrayList<>();
      for (String team : things.teams()) {
        var item = healthy().getItem(r -> r.tableName(TABLE).consistentRead(true).key(Map.of(
            Keys.PK, AttributeValue.fromS(Keys.tenant(new TenantId(team))), Keys.SK, AttributeValue.fromS(Keys.member(user)))));
        if (item.hasItem() && !item.item().isEmpty()) {
          memberships.add(team);
        }
      }
      state.set("raw memberships of " + user, Api.JSON.valueToTree(memberships));
    }
    for (String team : things.teams()) {
      Api.Reply listed = api().server("POST", "/v2/users/query", Map.of("filter", Map.of("teams", team), "limit", 100));
      state.set("api users of " + team, Api.JSON.valueToTree(listed.ids()));
    }
    if (things.settings()) {
      state.set("api settings", withoutTimes(api().server("GET", "/v2/settings", null).body()));
    }
    try {
      return (ObjectNode) Api.JSON.readTree(canonical(state).toString().replace(k, "K"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Object keys sorted (a map's order on the wire is not part of the state), arrays kept in order. */
  private static JsonNode canonical(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode sorted = Api.JSON.createObjectNode();
      new java.util.TreeSet<>(iterable(object.fieldNames())).forEach(name -> sorted.set(name, canonical(object.get(name))));
      return sorted;
    }
    if (node != null && node.isArray()) {
      var array = Api.JSON.createArrayNode();
      node.forEach(element -> array.add(canonical(element)));
      return array;
    }
    return node;
  }

  private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
    List<T> out = new ArrayList<>();
    iterator.forEachRemaining(out::add);
    return out;
  }

  /** The parts whose name starts with {@code kind}. */
  private static ObjectNode parts(ObjectNode state, String... kinds) {
    ObjectNode out = Api.JSON.createObjectNode();
    state.properties().forEach(e -> {
      for (String kind : kinds) {
        if (e.getKey().startsWith(kind)) {
          out.set(e.getKey(), e.getValue());
        }
      }
    });
    return out;
  }

  private static JsonNode index(String pk) {
    List<String> entries = new ArrayList<>();
    healthy().queryPaginator(r -> r.tableName(TABLE).consistentRead(true).keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
        .items().forEach(item -> entries.add(item.get("roomId").s() + "@" + item.get("roomVersion").n()));
    return Api.JSON.valueToTree(entries);
  }

  private static JsonNode withoutTimes(JsonNode body) {
    if (body == null) {
      return null;
    }
    JsonNode copy = body.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(TIME_FIELDS);
      object.forEach(FaultInjectionIT::strip);
    } else if (node.isArray()) {
      node.forEach(FaultInjectionIT::strip);
    }
  }

  // --- the cases --------------------------------------------------------------------------------

  private static final List<Fault> ANY_CALL = List.of(Fault.THROTTLED, Fault.THROTTLING_EXCEPTION, Fault.TIMEOUT,
      Fault.INTERNAL_ERROR, Fault.LOST_ANSWER);
  private static final List<Fault> TRANSACTIONS = List.of(Fault.CANCELLED_CONFLICT, Fault.CANCELLED_THROTTLED);

  // --- the bugs the harness found, one test each -------------------------------------------------

  @org.junit.jupiter.api.Test
  void aLostAnswerOnARoomPatchAppliesItOnce() {
    String k = unique();
    createRoom(k);
    faults().resetCounts();
    // A metadata patch is one transaction: the room and the change it records.
    faults().fail("TransactWriteItems", Fault.LOST_ANSWER, 1);
    Answer answer = http("POST", "/v2/rooms/" + room(k), Map.of("metadata", Map.of("status", "archived")));
    faults().heal();
    assertEquals(200, answer.status(), answer.toString());
    assertEquals(2, faults().attempts("TransactWriteItems"), "the SDK retried the write whose answer was lost");
    assertEquals(2L, rooms().find(room(k)).orElseThrow().version(), "the patch applied once: version 1 -> 2, not 3");
  }

  @org.junit.jupiter.api.Test
  void aLostAnswerOnAUserUpdateLeavesNoStaleMembership() {
    String k = unique();
    createUsers(k);
    faults().resetCounts();
    faults().fail("PutItem", Fault.LOST_ANSWER, 1);
    Answer answer = http("PATCH", "/v2/users", Map.of("users", List.of(Map.of("id", "u1-" + k, "set", Map.of("teams", List.of("t2-" + k))))));
    faults().heal();
    assertEquals(200, answer.status(), answer.toString());
    assertEquals(0, answer.body().path("notWritten").size(), answer.toString());
    assertEquals(2L, users().find("u1-" + k).orElseThrow().version(), "written once");
    ObjectNode state = state(k, userThings(k));
    assertEquals("[\"t2-K\"]", state.get("raw memberships of u1-K").toString(), "the membership of the team left (t1) is gone");
  }

  @org.junit.jupiter.api.Test
  void aUserDeleteLeavesNoMembershipBehindWhenALaterWriteFails() {
    String k = unique();
    createUsers(k);
    faults().resetCounts();
    // The user's first write passes; every later delete fails past the budget.
    faults().pass("DeleteItem", 1).failAlways("DeleteItem", Fault.THROTTLED);
    faults().pass("TransactWriteItems", 1).failAlways("TransactWriteItems", Fault.THROTTLED);
    Answer answer = http("DELETE", "/v2/users/u1-" + k, null);
    faults().heal();
    ObjectNode state = state(k, userThings(k));
    if (answer.status() == 503) {
      assertEquals(200, state.get("api user u1-K").path("status").asInt(), "a 503 leaves the user as it was: " + state);
      assertEquals("[\"t1-K\",\"t2-K\"]", state.get("raw memberships of u1-K").toString());
    } else {
      assertEquals(204, answer.status(), answer.toString());
    }
    assertEquals(204, http("DELETE", "/v2/users/u1-" + k, null).status(), "the caller retries");
    state = state(k, userThings(k));
    assertEquals(404, state.get("api user u1-K").path("status").asInt());
    assertEquals("[]", state.get("raw memberships of u1-K").toString(), "no membership outlives its user");
  }

  @org.junit.jupiter.api.Test
  void aUserBatchStopsAtTheFirstStorageFailure() {
    String k = unique();
    faults().resetCounts();
    // A new user is two TransactWriteItems: its membership (the default team's), then the user with
    // its change. The second user's write fails on every attempt of its call; the store is healthy after that.
    faults().pass("TransactWriteItems", 3).fail("TransactWriteItems", Fault.THROTTLED, DynamoDbRetries.MAX_ATTEMPTS);
    Answer answer = http("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "u1-" + k, "name", "One"), Map.of("id", "u2-" + k, "name", "Two"), Map.of("id", "u3-" + k, "name", "Three"))));
    faults().heal();
    assertEquals(200, answer.status(), answer.toString());
    List<String> notWritten = new ArrayList<>();
    answer.body().path("notWritten").forEach(n -> notWritten.add(n.path("id").asText()));
    assertEquals(List.of("u2-" + k, "u3-" + k), notWritten, "the rest of the batch is reported, not written: " + answer);
    assertEquals(200, api().server("GET", "/v2/users/u1-" + k, null).status());
    assertEquals(404, api().server("GET", "/v2/users/u2-" + k, null).status());
    assertEquals(404, api().server("GET", "/v2/users/u3-" + k, null).status(), "nothing written past the failure");
  }

  @org.junit.jupiter.api.Test
  void aTransactionCancelledPastTheBudgetIs503NotAConflict() {
    for (Fault fault : List.of(Fault.CANCELLED_CONFLICT, Fault.CANCELLED_THROTTLED)) {
      String k = unique();
      faults().resetCounts();
      faults().failAlways("TransactWriteItems", fault);
      Answer answer = http("POST", "/v2/rooms", newRoom(k));
      faults().heal();
      assertEquals(503, answer.status(), fault + ": " + answer);
      assertUnavailableShape(answer, fault.toString());
      assertTrue(faults().attempts("TransactWriteItems") <= DynamoDbRetries.MAX_ATTEMPTS,
          fault + ": a transient cancellation is retried within the budget, not 40 times: " + faults().log());
      assertEquals(404, api().server("GET", "/v2/rooms/" + room(k), null).status());
    }
  }

  @org.junit.jupiter.api.Test
  void aUserWriteThatFailedAfterItsNewMembershipsDoesNotBlockTheNextOne() {
    String k = unique();
    createUsers(k);
    faults().resetCounts();
    // The new team's membership is written (one TransactWriteItems), then the user's write (a
    // TransactWriteItems with its userTeamsChanged change) fails past the budget.
    faults().pass("TransactWriteItems", 1).failAlways("TransactWriteItems", Fault.THROTTLED);
    Map<String, Object> patch = Map.of("users", List.of(Map.of("id", "u1-" + k, "set", Map.of("teams", List.of("t3-" + k)))));
    Answer failed = http("PATCH", "/v2/users", patch);
    faults().heal();
    assertEquals("STORAGE_UNAVAILABLE", failed.body().path("notWritten").path(0).path("error").asText(), failed.toString());
    Answer resent = http("PATCH", "/v2/users", patch);
    assertEquals(200, resent.status(), resent.toString());
    assertEquals(0, resent.body().path("notWritten").size(), "the caller's retry is not a conflict with its own leftovers: " + resent);
    assertEquals(List.of("u1-" + k), api().server("POST", "/v2/users/query", Map.of("filter", Map.of("teams", "t3-" + k))).ids());
  }

  @org.junit.jupiter.api.Test
  void aRoomDeleteWhoseIndexCleanupFailsHasStillDeletedTheRoom() {
    String k = unique();
    createRoom(k);
    faults().resetCounts();
    faults().failAlways("BatchWriteItem", Fault.THROTTLED);
    Answer answer = http("DELETE", "/v2/rooms/" + room(k), null);
    faults().heal();
    assertEquals(204, answer.status(), "the room and its id are gone once the transaction commits: " + answer);
    assertEquals(404, api().server("GET", "/v2/rooms/" + room(k), null).status());
    assertEquals(List.of(), api().server("GET", "/v2/rooms?organizationId=" + tenant(k) + "&userId=alice-" + k, null).ids());
  }

  @org.junit.jupiter.api.Test
  void aCreateWhoseAnswerWasLostIsNotAConflictWithItself() {
    // moto ignores TransactWriteItems' ClientRequestToken, so the SDK's retry of a transaction
    // that applied meets its own write, as it would on DynamoDB 10 minutes on.
    String k = unique();
    faults().resetCounts();
    faults().fail("TransactWriteItems", Fault.LOST_ANSWER, 1);
    Answer created = http("POST", "/v2/rooms", newRoom(k));
    faults().heal();
    assertEquals(200, created.status(), "the retry met this create's own claim on the id: " + created);
    assertEquals(2, faults().attempts("TransactWriteItems"), "the SDK retried the transaction whose answer was lost");
    assertEquals(1L, rooms().find(room(k)).orElseThrow().version());
    Answer again = http("POST", "/v2/rooms", newRoom(k));
    assertEquals(409, again.status(), "another create's claim is still a conflict: " + again);
    assertEquals("ROOM_ALREADY_EXISTS", again.body().path("error").asText());

    // An upsert that creates the room must not take its own create for a concurrent one and patch it again.
    String u = unique();
    faults().fail("TransactWriteItems", Fault.LOST_ANSWER, 1);
    Answer upserted = http("POST", "/v2/rooms/" + room(u) + "/upsert", Map.of(
        "update", Map.of("metadata", Map.of("status", "open")), "create", Map.of("defaultAccesses", List.of(), "organizationId", tenant(u))));
    faults().heal();
    assertEquals(200, upserted.status(), upserted.toString());
    assertEquals(1L, rooms().find(room(u)).orElseThrow().version(), "created once, not created and then updated");
  }

  @org.junit.jupiter.api.Test
  void aRoomDeleteWhoseAnswerWasLostFinishesTheDelete() {
    String k = unique();
    createRoom(k);
    faults().resetCounts();
    faults().fail("TransactWriteItems", Fault.LOST_ANSWER, 1);
    Answer deleted = http("DELETE", "/v2/rooms/" + room(k), null);
    faults().heal();
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals(2, faults().attempts("TransactWriteItems"), "the SDK retried the transaction whose answer was lost");
    ObjectNode state = state(k, roomThings(k));
    assertEquals("[]", state.get("raw index of alice-K").toString(), "the deleted room's index items are gone: " + state);
    assertEquals("[]", state.get("raw index of group eng-K").toString(), state.toString());

    // Offboarding a tenant: each room it deletes keeps a tombstone, the lost answer's too.
    String t = unique();
    createTenant(t);
    faults().resetCounts();
    faults().fail("TransactWriteItems", Fault.LOST_ANSWER, 1);
    Answer offboarded = event(t, "tenant.deleted", "{\"tenantId\":\"" + tenant(t) + "\"}");
    faults().heal();
    assertEquals(200, offboarded.status(), offboarded.toString());
    var ledger = new dev.gatehouse.store.dynamodb.DynamoDbEventLedger(
        DynamoDbEnhancedClient.builder().dynamoDbClient(healthy()).build(), TABLE, java.time.Clock.systemUTC());
    for (String id : tenantThings(t).rooms()) {
      assertTrue(ledger.deletedAt(dev.gatehouse.store.EventLedger.Kind.ROOM, id).isPresent(), id + " has its tombstone");
    }
    assertEquals("[]", state(t, tenantThings(t)).get("raw index of alice-K").toString());
  }

  @org.junit.jupiter.api.Test
  void aUserDeleteWhoseAnswerWasLostRemovesTheMembershipsPastItsTransaction() {
    String k = unique();
    List<String> teams = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      teams.add("t" + i + "-" + k);
    }
    assertEquals(200, api().server("POST", "/v2/users", Map.of("users", List.of(Map.of("id", "u1-" + k, "teams", teams)))).status());
    faults().resetCounts();
    faults().fail("TransactWriteItems", Fault.LOST_ANSWER, 1);
    Answer deleted = http("DELETE", "/v2/users/u1-" + k, null);
    faults().heal();
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals(2, faults().attempts("TransactWriteItems"), "the SDK retried the transaction whose answer was lost");
    List<String> left = new ArrayList<>();
    for (String team : teams) {
      var item = healthy().getItem(r -> r.tableName(TABLE).consistentRead(true).key(Map.of(
          Keys.PK, AttributeValue.fromS(Keys.tenant(new TenantId(team))), Keys.SK, AttributeValue.fromS(Keys.member("u1-" + k)))));
      if (item.hasItem() && !item.item().isEmpty()) {
        left.add(team);
      }
    }
    assertEquals(List.of(), left, "the 21 memberships past the transaction's 99 follow the user");
  }

  @org.junit.jupiter.api.Test
  @SuppressWarnings("unchecked")
  void aStorageFailureInTheAuthorizerIsAnErrorNotADenial() {
    String k = unique();
    createClientRoom(k);
    String token = api().idToken("c-" + k, tenant(k));
    String roomId = tenant(k) + ":standup";
    MapHandler authorizer = (MapHandler) local().handler("ConnectAuthorizerFunction");
    LocalContext context = new LocalContext("fault-" + k, "ConnectAuthorizerFunction");
    Map<String, Object> http = Map.of("version", "2.0", "type", "REQUEST",
        "headers", Map.of("authorization", "Bearer " + token), "queryStringParameters", Map.of("roomId", roomId));
    Map<String, Object> websocket = Map.of("type", "REQUEST", "methodArn", "arn:aws:execute-api:x:1:api/live/$connect",
        "queryStringParameters", Map.of("token", token, "roomId", roomId));
    assertEquals(true, authorizer.handle(http, context).get("isAuthorized"), "healthy: allowed");
    Map<String, Object> allowed = authorizer.handle(websocket, context);
    assertEquals("Allow", ((List<Map<String, Object>>) ((Map<String, Object>) allowed.get("policyDocument")).get("Statement"))
        .getFirst().get("Effect"), "healthy: allowed");

    faults().failAlways("BatchGetItem", Fault.THROTTLED); // the check's one read of its facts
    try {
      for (Map<String, Object> event : List.of(http, websocket)) {
        RuntimeException failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
            () -> authorizer.handle(event, context), "a store that cannot answer is an error, not an answer");
        assertTrue(failed instanceof dev.gatehouse.errors.StorageException, failed.toString());
        assertFalse("Unauthorized".equals(failed.getMessage()), "API Gateway would answer 401 to exactly this message");
      }
    } finally {
      faults().heal();
    }
  }

  /** A path's healthy run: which writes it makes, how many of each, and the states before and after. */
  record Twin(WritePath path, ObjectNode before, ObjectNode after, Answer answer, Map<String, Integer> writes, int calls) {
    /** The path's cases: its healthy run, then each fault on each of its first three calls of each write, once and from then on. */
    List<Map.Entry<String, org.junit.jupiter.api.function.Executable>> cases() {
      List<Map.Entry<String, org.junit.jupiter.api.function.Executable>> cases = new ArrayList<>();
      cases.add(Map.entry(path.name() + ": healthy", () -> {
        assertTrue(path.success().contains(answer.status()), path.name() + " healthy: " + answer);
        assertFalse(writes.isEmpty(), path.name() + " writes something");
        assertTrue(!before.equals(after), path.name() + " changes something");
      }));
      writes.forEach((op, count) -> {
        List<Fault> kinds = new ArrayList<>(ANY_CALL);
        if (op.equals("TransactWriteItems")) {
          kinds.addAll(TRANSACTIONS);
        }
        for (int call = 0; call < Math.min(count, 3); call++) {
          for (Fault fault : kinds) {
            for (boolean always : List.of(false, true)) {
              int nth = call;
              String name = path.name() + ": " + op + " #" + (nth + 1) + " " + fault + (always ? " from then on" : " once");
              cases.add(Map.entry(name, () -> runCase(path, op, nth, fault, always, before, after, answer)));
            }
          }
        }
      });
      return cases;
    }

    /** About how long the path's cases take: their number times the calls one run makes. */
    long weight() {
      return (long) cases().size() * calls;
    }
  }

  private static Twin twin(WritePath path) {
    freshTable();
    String k = unique();
    path.setup().accept(k);
    Things things = path.things().apply(k);
    ObjectNode before = state(k, things);
    faults().resetCounts();
    Answer answer = path.operation().apply(k);
    int calls = faults().log().size();
    Map<String, Integer> writes = new LinkedHashMap<>();
    for (String op : WRITES) {
      if (faults().calls(op) > 0) {
        writes.put(op, faults().calls(op));
      }
    }
    return new Twin(path, before, state(k, things), answer, writes, calls);
  }

  @TestFactory
  Stream<DynamicTest> everyWritePathUnderEveryFault() throws Exception {
    // Runs in every ./gatehouse test; -Dfaults.matrix=false leaves it out (the regression tests
    // above still run). -Dfaults.path=NAME runs the paths whose name contains NAME.
    if ("false".equals(System.getProperty("faults.matrix"))) {
      String skipped = "SKIPPED FaultInjectionIT.everyWritePathUnderEveryFault: left out with -Dfaults.matrix=false";
      System.err.println(skipped);
      org.junit.jupiter.api.Assumptions.abort(skipped);
    }
    String only = System.getProperty("faults.path", "");
    long started = System.nanoTime();
    // The healthy runs first, on the first lane; then the paths, heaviest first, go to whichever
    // lane is free. Each lane works through a path's cases in order on its own engine, and JUnit
    // reports each case's outcome as it arrives.
    List<Twin> work = new ArrayList<>(paths().filter(path -> path.name().contains(only)).map(FaultInjectionIT::twin).toList());
    work.sort(java.util.Comparator.comparingLong(Twin::weight).reversed());
    int total = work.stream().mapToInt(twin -> twin.cases().size()).sum();
    int lanes = Math.max(1, Math.min(work.size(), Integer.getInteger("faults.lanes", 2)));
    while (LANES.size() < lanes) {
      LANES.add(new Lane());
    }
    java.util.concurrent.ConcurrentLinkedQueue<Twin> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(work);
    java.util.concurrent.BlockingQueue<Map.Entry<String, Optional<Throwable>>> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(lanes);
    for (int i = 0; i < lanes; i++) {
      Lane lane = LANES.get(i);
      int number = i + 1;
      pool.execute(() -> {
        LANE.set(lane);
        try {
          for (Twin twin; (twin = queue.poll()) != null; ) {
            System.err.printf("FaultInjectionIT: lane %d: %s starts at %.1f s%n", number, twin.path().name(), (System.nanoTime() - started) / 1e9);
            for (Map.Entry<String, org.junit.jupiter.api.function.Executable> c : twin.cases()) {
              Optional<Throwable> failure = Optional.empty();
              try {
                c.getValue().execute();
              } catch (Throwable t) {
                failure = Optional.of(t);
              } finally {
                faults().heal();
              }
              outcomes.add(Map.entry(c.getKey(), failure));
            }
          }
          System.err.printf("FaultInjectionIT: lane %d done at %.1f s%n", number, (System.nanoTime() - started) / 1e9);
        } finally {
          LANE.remove();
        }
      });
    }
    pool.shutdown();
    return Stream.generate(() -> {
      try {
        Map.Entry<String, Optional<Throwable>> outcome = outcomes.poll(10, java.util.concurrent.TimeUnit.MINUTES);
        return outcome != null ? outcome : Map.entry("a lane stopped", Optional.<Throwable>of(new AssertionError("no case finished in 10 minutes")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }).limit(total).map(outcome -> DynamicTest.dynamicTest(outcome.getKey(), () -> {
      if (outcome.getValue().isPresent()) {
        throw outcome.getValue().get();
      }
    }));
  }

  private static void runCase(WritePath path, String op, int call, Fault fault, boolean always, ObjectNode before,
      ObjectNode after, Answer healthyAnswer) {
    // moto deep-copies the whole table for every action of a TransactWriteItems (its rollback
    // copy), so a transaction's time grows with the table: on one table per path, the last cases
    // of tenant.deleted (the path with the most items and transactions) took seconds per
    // transaction, past the 2 s attempt timeout, which applied them and lost their answers
    // for real. Each case starts on an empty table, so each case's calls cost what its own items cost.
    freshTable();
    String k = unique();
    path.setup().accept(k);
    Things things = path.things().apply(k);
    assertEquals(before, state(k, things), "the twin starts where the healthy run started");
    faults().resetCounts();
    // Earlier calls of this operation pass: each made one attempt in the healthy run.
    faults().pass(op, call);
    if (always) {
      faults().failAlways(op, fault);
    } else {
      faults().fail(op, fault, 1);
    }
    Answer answer;
    try {
      answer = path.operation().apply(k);
    } finally {
      faults().heal();
    }
    int maxAttempts = faults().maxAttemptsPerCall();
    List<String> log = faults().log();
    ObjectNode found = state(k, things);

    String where = path.name() + " with " + op + " #" + (call + 1) + " " + fault + (always ? " from then on" : " once")
        + ": answered " + answer + "; attempts " + log;
    assertTrue(maxAttempts <= DynamoDbRetries.MAX_ATTEMPTS, where + ": an SDK call made " + maxAttempts + " attempts");
    boolean complete;
    if (answer.status() == 503) {
      assertUnavailableShape(answer, where);
      complete = false;
    } else {
      assertEquals(healthyAnswer.status(), answer.status(), where + ": neither the healthy answer nor a 503");
      complete = answer.body() == null || answer.body().path("notWritten").isEmpty();
      (answer.body() == null ? Api.JSON.createArrayNode() : answer.body().path("notWritten")).forEach(entry -> assertEquals("STORAGE_UNAVAILABLE", entry.path("error").asText(),
          where + ": a user not written for a reason of our own making"));
    }
    assertStateBetween(path, before, after, found, where);
    if (complete) {
      // Nothing failed as far as the caller knows: the state is the healthy "after", down to versions
      // (a patch applied once); after a fault the budget absorbed, down to index items (nothing left
      // behind). A cleanup that kept failing after the commit may leave entries readers skip.
      assertEquals(parts(after, "api ", "version "), parts(found, "api ", "version "), where + ": succeeded, so the state is the state after");
      if (!always) {
        assertEquals(after, found, where + ": succeeded, so the table is the table after");
      }
    } else if (path.resendable()) {
      // The caller does what the 503 says: retries, on a store healthy again. A write that landed
      // before the 503 may land again (a version more); what the API shows is the state after.
      faults().resetCounts();
      Answer again = path.operation().apply(k);
      // A resent delete finds nothing to delete when the first one landed before its 503.
      Set<Integer> resentAnswers = path.name().contains("delete") && !path.name().contains("event")
          ? Set.of(healthyAnswer.status(), 404) : Set.of(healthyAnswer.status());
      assertTrue(resentAnswers.contains(again.status()), where + ": resent, answered " + again);
      assertTrue(again.body() == null || again.body().path("notWritten").isEmpty(), where + ": resent, answered " + again);
      assertEquals(parts(after, "api "), parts(state(k, things), "api "), where + ": resent, the state is the state after");
    }
  }

  /**
   * Nothing half-written: what the API shows, and each entity's version, is the state before or
   * the state after (for a batch, entity by entity); every index entry the shown state needs is
   * in the table (leftovers of a failed write are allowed: readers check entries against the item).
   */
  private static void assertStateBetween(WritePath path, ObjectNode before, ObjectNode after, ObjectNode found, String where) {
    ObjectNode shown = parts(found, "api ", "version ");
    ObjectNode matched;
    if (shown.equals(parts(before, "api ", "version "))) {
      matched = before;
    } else if (shown.equals(parts(after, "api ", "version "))) {
      matched = after;
    } else if (path.batch()) {
      matched = null;
      shown.properties().forEach(e -> {
        if (e.getKey().startsWith("api rooms of") || e.getKey().startsWith("api users of")) {
          return; // a listing spans the batch's entities, each of which lands or not
        }
        if (!e.getValue().equals(before.get(e.getKey())) && !e.getValue().equals(after.get(e.getKey()))) {
          fail(where + ": " + e.getKey() + " half-written.\n  before: " + before.get(e.getKey()) + "\n  after:  "
              + after.get(e.getKey()) + "\n  found:  " + e.getValue());
        }
      });
    } else {
      fail(where + ": half-written.\n  before: " + before + "\n  after:  " + after + "\n  found:  " + found);
      return;
    }
    if (matched != null) {
      parts(matched, "raw ").properties().forEach(e -> {
        Set<String> have = new java.util.HashSet<>(iterable(found.get(e.getKey()).elements()).stream().map(JsonNode::asText).toList());
        e.getValue().forEach(entry -> assertTrue(have.contains(entry.asText()),
            where + ": " + e.getKey() + " lacks " + entry.asText() + " (found " + found.get(e.getKey()) + ")"));
      });
    }
  }

  private static void assertUnavailableShape(Answer answer, String where) {
    assertEquals("1", answer.headers().get("retry-after"), where + ": a 503 says when to retry");
    if (answer.body() != null && answer.body().has("batchItemFailures")) {
      return; // SQS: the message is delivered again
    }
    JsonNode body = answer.body();
    assertEquals("STORAGE_UNAVAILABLE", body.path("error").asText(), where);
    assertTrue(body.path("message").isTextual() && body.path("suggestion").isTextual(), where + ": the Liveblocks shape");
    String text = body.toString();
    for (String awsDetail : List.of("Exception", "ProvisionedThroughput", "Throttl", "InternalServerError", "Transaction",
        "ConditionalCheck", "RequestId", "request id", "x-amz", "injected", TABLE + "\"")) {
      assertFalse(text.contains(awsDetail), where + ": the body carries AWS detail (" + awsDetail + ")");
    }
  }

  private static String unique() {
    return "k" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }
}
