package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One entry of a room's usersAccesses or groupsAccesses, indexed by the user or group so that
 * "rooms where this user has an entry" is a Query. The room item stays the truth: readers check
 * every hit against it, so a stale index item costs a read, never a wrong answer.
 *
 * <p>{@code roomVersion} is the room version the item was written for; a cleanup after a write
 * at version V deletes only items older than V, never one a concurrent writer just wrote. A
 * create writes its items outside its transaction ({@code writeId} naming it), at half the write
 * units.
 */
final class AccessIndexItem {
  static final String TYPE = "ACCESS";

  static final StaticTableSchema<AccessIndexItem> SCHEMA =
      StaticTableSchema.builder(AccessIndexItem.class)
          .newItemSupplier(AccessIndexItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("roomId").getter(i -> i.roomId).setter((i, v) -> i.roomId = v))
          .addAttribute(String.class, a -> a.name("tenant").getter(i -> i.tenant).setter((i, v) -> i.tenant = v))
          .addAttribute(Long.class, a -> a.name("roomVersion").getter(i -> i.roomVersion).setter((i, v) -> i.roomVersion = v))
          .addAttribute(String.class, a -> a.name("writeId").getter(i -> i.writeId).setter((i, v) -> i.writeId = v))
          .build();

  String pk;
  String sk;
  String type;
  String roomId;
  String tenant;
  Long roomVersion;
  /** The create that wrote it, when a create did: its cleanup after a failed create removes only its own. */
  String writeId;

  static AccessIndexItem of(IndexKey key, String roomId, String tenant, long roomVersion) {
    AccessIndexItem item = new AccessIndexItem();
    item.pk = key.pk();
    item.sk = key.sk();
    item.type = TYPE;
    item.roomId = roomId;
    item.tenant = tenant;
    item.roomVersion = roomVersion;
    return item;
  }

  /** The primary key of an index item. */
  record IndexKey(String pk, String sk) {}
}
