package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.User;
import dev.gatehouse.store.dynamodb.AccessIndexItem.IndexKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes many rooms and users fast, for the benchmarks that need a big tenant on a real engine:
 * the very items the repositories write (room, room-id claim, access-index entries; user and
 * memberships), 25 to a BatchWriteItem, without the transactions, conditions and changes of the
 * API's writes. Only for an empty table that no one else writes.
 */
public final class BulkLoader {
  private final DynamoDbClient client;
  private final String table;
  private final List<WriteRequest> pending = new ArrayList<>();

  public BulkLoader(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** A stored room (version 1) with its id claim and its access-index entries. */
  public BulkLoader room(Room room) {
    Room stored = room.withVersion(1);
    put(RoomItem.SCHEMA.itemToMap(RoomItem.from(stored), true));
    put(RoomIdItem.SCHEMA.itemToMap(RoomIdItem.from(stored, "bulk"), true));
    for (IndexKey key : DynamoDbRoomRepository.indexKeys(stored)) {
      put(AccessIndexItem.SCHEMA.itemToMap(AccessIndexItem.of(key, stored.id(), stored.tenant().value(), 1), true));
    }
    return this;
  }

  /** A stored user (version 1) with a membership item per team (or in {@code default} without one). */
  public BulkLoader user(User user) {
    User stored = user.withVersion(1);
    put(UserItem.SCHEMA.itemToMap(UserItem.from(stored), true));
    for (TenantId team : stored.listedUnder()) {
      put(MembershipItem.SCHEMA.itemToMap(MembershipItem.of(team, stored), true));
    }
    return this;
  }

  /** Writes what is pending, retrying unprocessed items. */
  public void flush() {
    while (!pending.isEmpty()) {
      List<WriteRequest> batch = new ArrayList<>(pending.subList(0, Math.min(25, pending.size())));
      pending.subList(0, batch.size()).clear();
      while (!batch.isEmpty()) {
        BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, List.copyOf(batch))));
        batch.clear();
        batch.addAll(response.unprocessedItems().getOrDefault(table, List.of()));
      }
    }
  }

  private void put(Map<String, AttributeValue> item) {
    pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    if (pending.size() >= 25) {
      flush();
    }
  }
}
