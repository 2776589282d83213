package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.dynamodb.AccessIndexItem.IndexKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items the hot access patterns read and write, taken from the very key builders and item
 * mappers the repositories use ({@link RoomItem#from}, the access index's keys, the revocation
 * keys, the outbox and log items), with the capacity units DynamoDB charges for each: what the
 * capacity model ({@code ./gatehouse bench scale}) replays to find the keys a workload makes hot.
 * Item sizes come from the caller's workload; {@code KeyTrafficIT} holds the keys to what the
 * repositories send on moto.
 */
public final class KeyTraffic {
  private KeyTraffic() {}

  /** The table or the index a touch lands in. */
  public enum Index {
    TABLE, GSI1, GSI2, GSI3
  }

  /**
   * How the sort keys a partition key receives spread, which decides whether DynamoDB's
   * split-for-heat can put the key's traffic on more than one partition.
   */
  public enum Spread {
    /** The same item every time: no split goes below one item. */
    ONE_ITEM,
    /** An item chosen by entity (a room, a user): a split spreads them. */
    BY_ENTITY,
    /** A sort key that grows with time: every new write lands at the end, which a split cannot spread. */
    APPENDED
  }

  /** One item read or written, and what it costs. */
  public record Touch(Index index, String pk, String sk, Spread spread, double rcu, double wcu) {}

  /** The keys-only size of an index entry or a small status item, rounded up to DynamoDB's units anyway. */
  private static final int SMALL_ITEM_BYTES = 200;

  /** Read units: 4 KB each, at least 1 strongly consistent, half that eventually consistent. */
  public static double readUnits(int bytes, boolean strong) {
    double units = Math.max(1, Math.ceil(bytes / 4096.0));
    return strong ? units : units / 2;
  }

  /** Write units: 1 KB each, at least 1, doubled inside a transaction (the table's writes; index writes are not). */
  public static double writeUnits(int bytes, boolean transactional) {
    double units = Math.max(1, Math.ceil(bytes / 1024.0));
    return transactional ? units * 2 : units;
  }

  /**
   * {@code authorize-connection} with an ID token (pattern 1): one strongly consistent
   * BatchGetItem of the settings, the user's status, the status of the token's tenant (or
   * {@code default}) and the room in it, plus the user record in multi-tenant mode; and the
   * stored-groups Query (pattern 36) where the room needs it.
   */
  public static List<Touch> connectionCheck(String userId, Optional<TenantId> tokenTenant, Room room, int roomBytes,
      boolean multiTenant, boolean storedGroups) {
    List<Touch> touches = new ArrayList<>();
    touches.add(item(Keys.APP, Keys.SETTINGS, Spread.ONE_ITEM, readUnits(SMALL_ITEM_BYTES, true), 0));
    touches.add(item(DynamoDbRevocationRepository.userKey(userId), Spread.ONE_ITEM, readUnits(SMALL_ITEM_BYTES, true), 0));
    if (multiTenant) {
      touches.add(item(Keys.user(userId), Keys.USER_SK, Spread.ONE_ITEM, readUnits(SMALL_ITEM_BYTES * 2, true), 0));
    }
    TenantId tenant = tokenTenant.orElse(TenantId.DEFAULT);
    touches.add(item(DynamoDbRevocationRepository.tenantKey(tenant), Spread.ONE_ITEM, readUnits(SMALL_ITEM_BYTES, true), 0));
    RoomItem item = RoomItem.from(room);
    touches.add(new Touch(Index.TABLE, item.pk, item.sk, Spread.BY_ENTITY, readUnits(roomBytes, true), 0));
    if (storedGroups) {
      touches.add(new Touch(Index.TABLE, Keys.tenant(room.tenant()), Keys.groupMemberPrefix(userId), Spread.BY_ENTITY,
          readUnits(SMALL_ITEM_BYTES, true), 0));
    }
    return touches;
  }

  /**
   * {@code create-room} (pattern 4): the access-index items (BatchWriteItem), then one
   * TransactWriteItems of the room-id claim, the room (and its three index entries) and the
   * outbox change.
   */
  public static List<Touch> createRoom(Room room, int roomBytes, Change created, int changeBytes) {
    List<Touch> touches = new ArrayList<>();
    touches.add(new Touch(Index.TABLE, Keys.roomId(room.id()), Keys.ROOM_ID_SK, Spread.ONE_ITEM, 0,
        writeUnits(SMALL_ITEM_BYTES, true)));
    roomWrite(touches, room, roomBytes, true);
    outbox(touches, created, changeBytes);
    for (IndexKey key : DynamoDbRoomRepository.indexKeys(room)) {
      // Written before the transaction, outside it. An entry's sort key is the room's creation
      // time: a new room's entries append to each user's partition.
      touches.add(new Touch(Index.TABLE, key.pk(), key.sk(), Spread.APPENDED, 0, writeUnits(SMALL_ITEM_BYTES, false)));
    }
    return touches;
  }

  /**
   * An update that changes a room's entries (pattern 5): the room-id item and the room read, then
   * one TransactWriteItems of the room (its index keys unchanged, so no index write), the outbox
   * change, and the index items added and removed.
   */
  public static List<Touch> updateRoom(Room before, Room after, int roomBytes, Change changed, int changeBytes) {
    List<Touch> touches = new ArrayList<>();
    touches.add(new Touch(Index.TABLE, Keys.roomId(before.id()), Keys.ROOM_ID_SK, Spread.ONE_ITEM,
        readUnits(SMALL_ITEM_BYTES, true), 0));
    RoomItem item = RoomItem.from(after);
    touches.add(new Touch(Index.TABLE, item.pk, item.sk, Spread.BY_ENTITY, readUnits(roomBytes, true), writeUnits(roomBytes, true)));
    outbox(touches, changed, changeBytes);
    Set<IndexKey> was = DynamoDbRoomRepository.indexKeys(before);
    Set<IndexKey> is = DynamoDbRoomRepository.indexKeys(after);
    for (IndexKey key : is) {
      if (!was.contains(key)) {
        touches.add(new Touch(Index.TABLE, key.pk(), key.sk(), Spread.BY_ENTITY, 0, writeUnits(SMALL_ITEM_BYTES, true)));
      }
    }
    for (IndexKey key : was) {
      if (!is.contains(key)) {
        touches.add(new Touch(Index.TABLE, key.pk(), key.sk(), Spread.BY_ENTITY, 0, writeUnits(SMALL_ITEM_BYTES, true)));
      }
    }
    return touches;
  }

  /**
   * Placing one change in the log (pattern 30): one TransactWriteItems moving the head, copying the
   * change to {@code CHANGES} and to its tenant's (or the project's) share, and deleting it from the
   * outbox; the outbox read that found it is shared by a batch and left out.
   */
  public static List<Touch> placeChange(Change change, long seq, int changeBytes) {
    List<Touch> touches = new ArrayList<>();
    touches.add(new Touch(Index.TABLE, Keys.CHANGES_HEAD, DynamoDbChangeLog.HeadItem.SK, Spread.ONE_ITEM, 0,
        writeUnits(SMALL_ITEM_BYTES, true)));
    String share = change.tenant().map(Keys::changesOf).orElse(Keys.PROJECT_CHANGES);
    for (String pk : List.of(Keys.CHANGES, share)) {
      touches.add(new Touch(Index.TABLE, pk, Keys.sequence(seq), Spread.APPENDED, 0, writeUnits(changeBytes, true)));
    }
    ChangeItem outboxItem = ChangeItem.outbox(change);
    touches.add(new Touch(Index.TABLE, outboxItem.pk, outboxItem.sk, Spread.APPENDED, 0, writeUnits(changeBytes, true)));
    return touches;
  }

  /**
   * A page of a tenant's rooms, newest first (pattern 9): a Query of GSI1 (keys only, eventually
   * consistent), then one strongly consistent BatchGetItem of the page's rooms.
   */
  public static List<Touch> tenantRoomsPage(TenantId tenant, List<Room> page, int roomBytes) {
    return roomsPage(Index.GSI1, Keys.tenant(tenant), false, page, roomBytes);
  }

  /**
   * A page of a user's rooms, newest first (pattern 10): a Query of the user's access-index
   * partition, then the page's rooms.
   */
  public static List<Touch> userRoomsPage(String userId, List<Room> page, int roomBytes) {
    return roomsPage(Index.TABLE, Keys.userAccess(userId), true, page, roomBytes);
  }

  /**
   * A listing page: the newest end of one partition queried (twice the page in keys, as the
   * readers ask), then the page's rooms in one strongly consistent BatchGetItem.
   */
  private static List<Touch> roomsPage(Index index, String pk, boolean strong, List<Room> page, int roomBytes) {
    List<Touch> touches = new ArrayList<>();
    touches.add(new Touch(index, pk, "newest", Spread.APPENDED, readUnits(SMALL_ITEM_BYTES * Math.max(1, page.size() * 2), strong), 0));
    for (Room room : page) {
      RoomItem item = RoomItem.from(room);
      touches.add(new Touch(Index.TABLE, item.pk, item.sk, Spread.BY_ENTITY, readUnits(roomBytes, true), 0));
    }
    return touches;
  }

  /** The room item and, as DynamoDB writes them on a new item, its three keys-only index entries. */
  private static void roomWrite(List<Touch> touches, Room room, int roomBytes, boolean created) {
    RoomItem item = RoomItem.from(room);
    touches.add(new Touch(Index.TABLE, item.pk, item.sk, Spread.BY_ENTITY, 0, writeUnits(roomBytes, true)));
    if (created) {
      touches.add(new Touch(Index.GSI1, item.gsi1pk, item.gsi1sk, Spread.APPENDED, 0, writeUnits(SMALL_ITEM_BYTES, false)));
      touches.add(new Touch(Index.GSI2, item.gsi2pk, item.gsi2sk, Spread.APPENDED, 0, writeUnits(SMALL_ITEM_BYTES, false)));
      touches.add(new Touch(Index.GSI3, item.gsi3pk, item.gsi3sk, Spread.BY_ENTITY, 0, writeUnits(SMALL_ITEM_BYTES, false)));
    }
  }

  private static void outbox(List<Touch> touches, Change change, int changeBytes) {
    ChangeItem item = ChangeItem.outbox(change);
    touches.add(new Touch(Index.TABLE, item.pk, item.sk, Spread.APPENDED, 0, writeUnits(changeBytes, true)));
  }

  private static Touch item(String pk, String sk, Spread spread, double rcu, double wcu) {
    return new Touch(Index.TABLE, pk, sk, spread, rcu, wcu);
  }

  private static Touch item(Map<String, AttributeValue> key, Spread spread, double rcu, double wcu) {
    return item(key.get(Keys.PK).s(), key.get(Keys.SK).s(), spread, rcu, wcu);
  }
}
