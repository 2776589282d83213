package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.User;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Drives the repositories' calls through a whole SDK request pipeline (endpoint rules, SigV4,
 * the JSON protocol both ways, the enhanced client's operations) against an HTTP layer that
 * answers in memory: what a SnapStart snapshot should hold loaded and linked, so that the
 * first real call after a restore only pays for its network round trip. No network, no
 * credentials of the function (throwaway static ones sign the canned calls), no table.
 */
public final class ClientPriming {
  private static final String TABLE = "priming";

  private ClientPriming() {}

  /** Runs reads, listings and writes of each kind the repositories make; returns the operations called. */
  public static java.util.SortedSet<String> run() {
    Instant at = SchemaPriming.AT;
    TenantId tenant = SchemaPriming.TENANT;
    Room room = SchemaPriming.sampleRoom();
    Room stored = room.withVersion(1);
    Map<String, AttributeValue> roomItem = new java.util.HashMap<>(RoomItem.SCHEMA.itemToMap(RoomItem.from(stored), true));
    // One canned item answers both reads of a room by id: its id item (which names the tenant)
    // and the room itself; each schema ignores the other's attributes.
    roomItem.putIfAbsent("tenant", AttributeValue.fromS(tenant.value()));
    String roomJson = json(roomItem);
    String indexJson = json(AccessIndexItem.SCHEMA.itemToMap(
        AccessIndexItem.of(DynamoDbRoomRepository.indexKeys(stored).iterator().next(), room.id(), tenant.value(), 1), true));
    CannedHttpClient withRoom = new CannedHttpClient(Map.of(
        "GetItem", "{\"Item\":" + roomJson + "}",
        "Query", "{\"Items\":[" + indexJson + "],\"Count\":1,\"ScannedCount\":1}",
        "BatchGetItem", "{\"Responses\":{\"" + TABLE + "\":[" + roomJson + "]},\"UnprocessedKeys\":{}}"));
    try (DynamoDbClient client = client(withRoom)) {
      DynamoDbRoomRepository rooms = new DynamoDbRoomRepository(enhanced(client), TABLE);
      rooms.find(tenant, room.id());
      new DynamoDbAccessReads(client, TABLE).read(new dev.gatehouse.store.AccessReads.Request("u", true, true, Set.of(tenant),
          Optional.of(new dev.gatehouse.store.AccessReads.RoomRead(room.id(), Optional.of(tenant), true))));
      rooms.list(new RoomListing(new RoomListing.Members(Optional.of("u"), Set.of("g")), r -> true, 20, Optional.empty()));
      rooms.create(Room.create("priming-new", tenant, at, Map.of(), RoomAccesses.parse(List.of(), Map.of(),
          Map.of("u", List.of("room:write"))), Optional.empty()));
      bestEffort(() -> rooms.update(room.id(), r -> r));
      bestEffort(() -> rooms.delete(room.id()));
    }
    CannedHttpClient empty = new CannedHttpClient(Map.of());
    try (DynamoDbClient client = client(empty)) {
      DynamoDbUserRepository users = new DynamoDbUserRepository(enhanced(client), TABLE);
      users.find(SchemaPriming.sampleUser().id());
      User user = SchemaPriming.sampleUser();
      bestEffort(() -> users.write(user.id(), existing -> user));
      DynamoDbSettingsRepository settings = new DynamoDbSettingsRepository(enhanced(client), TABLE);
      settings.get();
      bestEffort(() -> settings.put(Settings.DEFAULTS));
      DynamoDbEventLedger ledger = new DynamoDbEventLedger(enhanced(client), TABLE, java.time.Clock.systemUTC());
      bestEffort(() -> ledger.processed("priming-event"));
      bestEffort(() -> ledger.markProcessed("priming-event", "priming", at));
    }
    java.util.SortedSet<String> called = new java.util.TreeSet<>(withRoom.called);
    called.addAll(empty.called);
    return called;
  }

  /**
   * A client whose every call succeeds in memory with an empty answer (no item, no page): what a
   * handler's priming twin stores into and reads from.
   */
  public static DynamoDbClient emptyStore() {
    return client(new CannedHttpClient(Map.of()));
  }

  /**
   * A write path primed as far as canned answers carry it: an empty answer may end it early
   * (nothing to update), which still leaves its classes loaded.
   */
  private static void bestEffort(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException partOfThePathOnly) {
      // What ran before the exception is warm; the rest runs on the first real call.
    }
  }

  private static DynamoDbClient client(SdkHttpClient http) {
    return DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
        .httpClient(http)
        .build();
  }

  private static DynamoDbEnhancedClient enhanced(DynamoDbClient client) {
    return DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
  }

  /** An item in DynamoDB's JSON wire format, for the canned answers. */
  private static String json(Map<String, AttributeValue> item) {
    StringBuilder b = new StringBuilder("{");
    item.forEach((name, value) -> b.append(b.length() > 1 ? "," : "").append(quote(name)).append(':').append(json(value)));
    return b.append('}').toString();
  }

  private static String json(AttributeValue v) {
    return switch (v.type()) {
      case S -> "{\"S\":" + quote(v.s()) + "}";
      case N -> "{\"N\":" + quote(v.n()) + "}";
      case BOOL -> "{\"BOOL\":" + v.bool() + "}";
      case NUL -> "{\"NULL\":true}";
      case SS -> "{\"SS\":[" + String.join(",", v.ss().stream().map(ClientPriming::quote).toList()) + "]}";
      case L -> "{\"L\":[" + String.join(",", v.l().stream().map(ClientPriming::json).toList()) + "]}";
      case M -> "{\"M\":" + json(v.m()) + "}";
      default -> throw new IllegalArgumentException("no canned form for " + v.type());
    };
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Answers each DynamoDB operation (by its X-Amz-Target) with a fixed body, {@code {}} by default. */
  private static final class CannedHttpClient implements SdkHttpClient {
    private final Map<String, String> answers;
    private final Set<String> called = java.util.concurrent.ConcurrentHashMap.newKeySet();

    CannedHttpClient(Map<String, String> answers) {
      this.answers = answers;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
      String operation = target.substring(target.indexOf('.') + 1);
      byte[] body = answers.getOrDefault(operation, "{}").getBytes(StandardCharsets.UTF_8);
      called.add(operation);
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(200)
                  .putHeader("Content-Type", "application/x-amz-json-1.0")
                  .putHeader("Content-Length", Integer.toString(body.length))
                  .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }
}
