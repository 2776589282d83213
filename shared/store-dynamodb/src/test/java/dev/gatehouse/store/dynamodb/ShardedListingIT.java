package dev.gatehouse.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.testing.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The all-rooms listing by creation time reads its eight shards and the unsharded key that rooms
 * written before the shards keep, merged in order: a room left under {@code ROOMS} is listed in
 * its place, and its next write moves it to its shard.
 */
class ShardedListingIT {
  private static final String TABLE = MotoServer.uniqueTableName("sharded-listing");

  @Test
  void roomsInEveryShardAndUnderTheOldKeyAreListedInOrder() {
    DynamoDbClient client = MotoServer.client();
    GatehouseTable.createIfMissing(client, TABLE);
    Repositories store = DynamoDbRepositories.of(client, TABLE, Clock.systemUTC());
    Instant start = Instant.parse("2026-05-01T00:00:00Z");
    List<String> newestFirst = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Room room = store.rooms().create(Room.create("shard-" + i, new TenantId("t" + (i % 3)), start.plusMillis(i * 37L), Map.of(),
          RoomAccesses.PRIVATE, Optional.empty()));
      newestFirst.addFirst(room.id());
    }
    // One room as a version before the shards wrote it: its index entry under the unsharded key.
    client.updateItem(r -> r.tableName(TABLE)
        .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.tenant(new TenantId("t1"))), Keys.SK, AttributeValue.fromS(Keys.room("shard-7"))))
        .updateExpression("SET #pk = :legacy").expressionAttributeNames(Map.of("#pk", Keys.GSI2_PK))
        .expressionAttributeValues(Map.of(":legacy", AttributeValue.fromS(Keys.ALL_ROOMS))));

    Set<String> shards = new TreeSet<>();
    client.scanPaginator(r -> r.tableName(TABLE)).items().forEach(item -> {
      if (item.containsKey(Keys.GSI2_PK) && item.get(Keys.GSI2_PK).s().startsWith(Keys.ALL_ROOMS)) {
        shards.add(item.get(Keys.GSI2_PK).s());
      }
    });
    assertTrue(shards.size() >= 5, "rooms spread over the shards: " + shards);
    assertTrue(shards.contains(Keys.ALL_ROOMS), "and one under the old key");

    List<String> listed = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      RoomPage page = store.rooms().list(new RoomListing(new RoomListing.AllRooms(), r -> true, 3, cursor));
      page.rooms().forEach(r -> listed.add(r.id()));
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    assertEquals(newestFirst, listed, "newest first across shards, page by page");

    store.rooms().update("shard-7", r -> r.withMetadata(Map.of("moved", "yes")));
    Map<String, AttributeValue> moved = client.getItem(r -> r.tableName(TABLE).consistentRead(true)
        .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.tenant(new TenantId("t1"))), Keys.SK, AttributeValue.fromS(Keys.room("shard-7")))))
        .item();
    assertEquals(Keys.listingShard(Keys.ALL_ROOMS, start.plusMillis(7 * 37L)), moved.get(Keys.GSI2_PK).s(), "its next write moves it");
  }
}
