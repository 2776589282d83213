package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** The stored form of a {@link Room}: one item in its tenant's partition. */
final class RoomItem {
  static final String TYPE = "ROOM";
  private static final EnhancedType<Map<String, List<String>>> ACCESS_MAP =
      EnhancedType.mapOf(EnhancedType.of(String.class), EnhancedType.listOf(String.class));

  static final StaticTableSchema<RoomItem> SCHEMA =
      StaticTableSchema.builder(RoomItem.class)
          .newItemSupplier(RoomItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name(Keys.GSI1_PK).getter(i -> i.gsi1pk).setter((i, v) -> i.gsi1pk = v).tags(secondaryPartitionKey(Keys.GSI1)))
          .addAttribute(String.class, a -> a.name(Keys.GSI1_SK).getter(i -> i.gsi1sk).setter((i, v) -> i.gsi1sk = v).tags(secondarySortKey(Keys.GSI1)))
          .addAttribute(String.class, a -> a.name(Keys.GSI2_PK).getter(i -> i.gsi2pk).setter((i, v) -> i.gsi2pk = v).tags(secondaryPartitionKey(Keys.GSI2)))
          .addAttribute(String.class, a -> a.name(Keys.GSI2_SK).getter(i -> i.gsi2sk).setter((i, v) -> i.gsi2sk = v).tags(secondarySortKey(Keys.GSI2)))
          .addAttribute(String.class, a -> a.name(Keys.GSI3_PK).getter(i -> i.gsi3pk).setter((i, v) -> i.gsi3pk = v).tags(secondaryPartitionKey(Keys.GSI3)))
          .addAttribute(String.class, a -> a.name(Keys.GSI3_SK).getter(i -> i.gsi3sk).setter((i, v) -> i.gsi3sk = v).tags(secondarySortKey(Keys.GSI3)))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("roomId").getter(i -> i.roomId).setter((i, v) -> i.roomId = v))
          .addAttribute(String.class, a -> a.name("tenant").getter(i -> i.tenant).setter((i, v) -> i.tenant = v))
          .addAttribute(String.class, a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
          .addAttribute(String.class, a -> a.name("createdBy").getter(i -> i.createdBy).setter((i, v) -> i.createdBy = v))
          .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
          .addAttribute(String.class, a -> a.name("lastEventAt").getter(i -> i.lastEventAt).setter((i, v) -> i.lastEventAt = v))
          .addAttribute(MetadataConverter.TYPE, a -> a.name("metadata").getter(i -> i.metadata).setter((i, v) -> i.metadata = v)
              .attributeConverter(new MetadataConverter()))
          .addAttribute(EnhancedType.listOf(String.class), a -> a.name("defaultAccesses").getter(i -> i.defaultAccesses).setter((i, v) -> i.defaultAccesses = v))
          .addAttribute(ACCESS_MAP, a -> a.name("groupsAccesses").getter(i -> i.groupsAccesses).setter((i, v) -> i.groupsAccesses = v))
          .addAttribute(ACCESS_MAP, a -> a.name("usersAccesses").getter(i -> i.usersAccesses).setter((i, v) -> i.usersAccesses = v))
          .build();

  String pk;
  String sk;
  String gsi1pk;
  String gsi1sk;
  String gsi2pk;
  String gsi2sk;
  String gsi3pk;
  String gsi3sk;
  String type;
  String roomId;
  String tenant;
  String createdAt;
  String createdBy;
  Long version;
  String lastEventAt;
  Map<String, Object> metadata;
  List<String> defaultAccesses;
  Map<String, List<String>> groupsAccesses;
  Map<String, List<String>> usersAccesses;

  static RoomItem from(Room room) {
    RoomItem item = new RoomItem();
    item.pk = Keys.tenant(room.tenant());
    item.sk = Keys.room(room.id());
    item.gsi1pk = item.pk;
    item.gsi1sk = Keys.roomByCreation(room.createdAt(), room.id());
    item.gsi2pk = Keys.listingShard(Keys.ALL_ROOMS, room.createdAt());
    item.gsi2sk = Keys.createdOrder(room.createdAt(), room.id());
    item.gsi3pk = Keys.ALL_ROOMS;
    item.gsi3sk = room.id();
    item.type = TYPE;
    item.roomId = room.id();
    item.tenant = room.tenant().value();
    item.createdAt = Keys.timestamp(room.createdAt());
    item.createdBy = room.createdBy().orElse(null);
    item.version = room.version();
    item.lastEventAt = room.lastEventAt().map(Keys::timestamp).orElse(null);
    item.metadata = new LinkedHashMap<>(room.metadata());
    item.defaultAccesses = room.accesses().defaultAccesses().values();
    item.groupsAccesses = toWire(room.accesses().groupsAccesses());
    item.usersAccesses = toWire(room.accesses().usersAccesses());
    return item;
  }

  Room toRoom() {
    RoomAccesses accesses = new RoomAccesses(
        PermissionList.parse(orEmpty(defaultAccesses), "defaultAccesses"),
        fromWire(groupsAccesses, "groupsAccesses"),
        fromWire(usersAccesses, "usersAccesses"));
    return new Room(
        roomId,
        new TenantId(tenant),
        Instant.parse(createdAt),
        metadata == null ? Map.of() : metadata,
        accesses,
        Optional.ofNullable(createdBy),
        version == null ? 0 : version,
        Optional.ofNullable(lastEventAt).map(Instant::parse));
  }

  private static Map<String, List<String>> toWire(Map<String, PermissionList> entries) {
    Map<String, List<String>> wire = new LinkedHashMap<>();
    entries.forEach((key, list) -> wire.put(key, list.values()));
    return wire;
  }

  private static Map<String, PermissionList> fromWire(Map<String, List<String>> wire, String field) {
    Map<String, PermissionList> entries = new LinkedHashMap<>();
    if (wire != null) {
      wire.forEach((key, list) -> entries.put(key, PermissionList.parse(list, field + "." + key)));
    }
    return entries;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
