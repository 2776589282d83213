package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
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

  /** Runs a read, a listing and a write of each kind the repositories make; returns the calls made. */
  public static int run() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    TenantId tenant = new TenantId("priming");
    Room room = Room.create("priming-room", tenant, at, Map.of("k", "v", "tags", List.of("a")),
        RoomAccesses.parse(List.of("*:read"), Map.of("g", List.of("*:write")), Map.of("u", List.of("room:write"))),
        Optional.of("u"));
    Room stored = room.withVersion(1);
    String roomJson = json(RoomItem.SCHEMA.itemToMap(RoomItem.from(stored), true));
    String indexJson = json(AccessIndexItem.SCHEMA.itemToMap(
        AccessIndexItem.of(DynamoDbRoomRepository.indexKeys(stored).iterator().next(), room.id(), tenant.value(), 1), true));
    CannedHttpClient withRoom = new CannedHttpClient(Map.of(
        "GetItem", "{\"Item\":" + roomJson + "}",
        "Query", "{\"Items\":[" + indexJson + "],\"Count\":1,\"ScannedCount\":1}",
        "BatchGetItem", "{\"Responses\":{\"" + TABLE + "\":[" + roomJson + "]},\"UnprocessedKeys\":{}}"));
    try (DynamoDbClient client = client(withRoom)) {
      DynamoDbRoomRepository rooms = new DynamoDbRoomRepository(enhanced(client), TABLE);
      rooms.find(tenant, room.id());
      rooms.list(new RoomListing(new RoomListing.Members(Optional.of("u"), Set.of("g")), r -> true, 20, Optional.empty()));
      rooms.create(Room.create("priming-new", tenant, at, Map.of(), RoomAccesses.parse(List.of(), Map.of(),
          Map.of("u", List.of("room:write"))), Optional.empty()));
    }
    CannedHttpClient empty = new CannedHttpClient(Map.of());
    try (DynamoDbClient client = client(empty)) {
      new DynamoDbUserRepository(enhanced(client), TABLE).find("priming-user");
      new DynamoDbSettingsRepository(enhanced(client), TABLE).get();
    }
    return withRoom.calls + empty.calls;
  }

  /**
   * A client whose every call succeeds in memory with an empty answer (no item, no page): what a
   * handler's priming twin stores into and reads from.
   */
  public static DynamoDbClient emptyStore() {
    return client(new CannedHttpClient(Map.of()));
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
    private volatile int calls;

    CannedHttpClient(Map<String, String> answers) {
      this.answers = answers;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
      String operation = target.substring(target.indexOf('.') + 1);
      byte[] body = answers.getOrDefault(operation, "{}").getBytes(StandardCharsets.UTF_8);
      calls++;
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
