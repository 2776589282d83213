package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.gatehouse.store.Room;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * Reserves a room id across every tenant and says which tenant holds it. Written in the same
 * transaction as the room, so an id is taken exactly when its room exists. It carries the id of
 * the create that wrote it ({@code writeId}), so a create whose answer was lost, and whose retry
 * finds the id taken, can tell its own claim from another writer's.
 */
final class RoomIdItem {
  static final String TYPE = "ROOMID";

  static final StaticTableSchema<RoomIdItem> SCHEMA =
      StaticTableSchema.builder(RoomIdItem.class)
          .newItemSupplier(RoomIdItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("roomId").getter(i -> i.roomId).setter((i, v) -> i.roomId = v))
          .addAttribute(String.class, a -> a.name("tenant").getter(i -> i.tenant).setter((i, v) -> i.tenant = v))
          .addAttribute(String.class, a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
          .addAttribute(String.class, a -> a.name("writeId").getter(i -> i.writeId).setter((i, v) -> i.writeId = v))
          .build();

  String pk;
  String sk;
  String type;
  String roomId;
  String tenant;
  String createdAt;
  /** The create that claimed the id; absent on items written before it was recorded. */
  String writeId;

  static RoomIdItem from(Room room, String writeId) {
    RoomIdItem item = new RoomIdItem();
    item.pk = Keys.roomId(room.id());
    item.sk = Keys.ROOM_ID_SK;
    item.type = TYPE;
    item.roomId = room.id();
    item.tenant = room.tenant().value();
    item.createdAt = Keys.timestamp(room.createdAt());
    item.writeId = writeId;
    return item;
  }
}
