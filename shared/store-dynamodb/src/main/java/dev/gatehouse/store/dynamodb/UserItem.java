package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** The stored form of a {@link User}: one item in the user's partition. */
final class UserItem {
  static final String TYPE = "USER";

  static final StaticTableSchema<UserItem> SCHEMA =
      StaticTableSchema.builder(UserItem.class)
          .newItemSupplier(UserItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name(Keys.GSI2_PK).getter(i -> i.gsi2pk).setter((i, v) -> i.gsi2pk = v).tags(secondaryPartitionKey(Keys.GSI2)))
          .addAttribute(String.class, a -> a.name(Keys.GSI2_SK).getter(i -> i.gsi2sk).setter((i, v) -> i.gsi2sk = v).tags(secondarySortKey(Keys.GSI2)))
          .addAttribute(String.class, a -> a.name(Keys.GSI3_PK).getter(i -> i.gsi3pk).setter((i, v) -> i.gsi3pk = v).tags(secondaryPartitionKey(Keys.GSI3)))
          .addAttribute(String.class, a -> a.name(Keys.GSI3_SK).getter(i -> i.gsi3sk).setter((i, v) -> i.gsi3sk = v).tags(secondarySortKey(Keys.GSI3)))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
          .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
          .addAttribute(String.class, a -> a.name("role").getter(i -> i.role).setter((i, v) -> i.role = v))
          .addAttribute(EnhancedType.listOf(String.class), a -> a.name("teams").getter(i -> i.teams).setter((i, v) -> i.teams = v))
          .addAttribute(EnhancedType.mapOf(String.class, String.class), a -> a.name("teamsRole").getter(i -> i.teamsRole).setter((i, v) -> i.teamsRole = v))
          .addAttribute(MetadataConverter.TYPE, a -> a.name("metadata").getter(i -> i.metadata).setter((i, v) -> i.metadata = v)
              .attributeConverter(new MetadataConverter()))
          .addAttribute(String.class, a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
          .addAttribute(String.class, a -> a.name("updatedAt").getter(i -> i.updatedAt).setter((i, v) -> i.updatedAt = v))
          .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
          .addAttribute(String.class, a -> a.name("lastEventAt").getter(i -> i.lastEventAt).setter((i, v) -> i.lastEventAt = v))
          .build();

  String pk;
  String sk;
  String gsi2pk;
  String gsi2sk;
  String gsi3pk;
  String gsi3sk;
  String type;
  String userId;
  String name;
  String role;
  List<String> teams;
  Map<String, String> teamsRole;
  Map<String, Object> metadata;
  String createdAt;
  String updatedAt;
  Long version;
  String lastEventAt;

  static UserItem from(User user) {
    UserItem item = new UserItem();
    item.pk = Keys.user(user.id());
    item.sk = Keys.USER_SK;
    item.gsi2pk = Keys.listingShard(Keys.ALL_USERS, user.createdAt());
    item.gsi2sk = Keys.createdOrder(user.createdAt(), user.id());
    item.gsi3pk = Keys.ALL_USERS;
    item.gsi3sk = user.id();
    item.type = TYPE;
    item.userId = user.id();
    item.name = user.name().orElse(null);
    item.role = user.role().wireName();
    item.teams = user.teams().stream().map(TenantId::value).toList();
    item.teamsRole = new LinkedHashMap<>();
    user.teamsRole().forEach((team, role) -> item.teamsRole.put(team.value(), role.wireName()));
    item.metadata = new LinkedHashMap<>(user.metadata());
    item.createdAt = Keys.timestamp(user.createdAt());
    item.updatedAt = Keys.timestamp(user.updatedAt());
    item.version = user.version();
    item.lastEventAt = user.lastEventAt().map(Keys::timestamp).orElse(null);
    return item;
  }

  User toUser() {
    Map<TenantId, Role> roles = new LinkedHashMap<>();
    if (teamsRole != null) {
      teamsRole.forEach((team, role) -> roles.put(new TenantId(team), Role.parse(role, "teamsRole")));
    }
    return new User(
        userId,
        Optional.ofNullable(name),
        Role.parse(role, "role"),
        teams == null ? List.of() : teams.stream().map(TenantId::new).toList(),
        roles,
        metadata == null ? Map.of() : metadata,
        Instant.parse(createdAt),
        Instant.parse(updatedAt),
        version == null ? 0 : version,
        Optional.ofNullable(lastEventAt).map(Instant::parse));
  }
}
