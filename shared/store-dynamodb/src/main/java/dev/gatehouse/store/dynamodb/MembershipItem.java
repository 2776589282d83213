package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.User;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A user's membership of one team, in the team's partition, so that "users of a team" is a
 * Query (by id on the table, newest first on GSI1). The user item stays the truth: readers check
 * every hit against it. {@code userCreatedAt} and {@code userVersion} tell which incarnation and
 * version of the user wrote it, so cleanups never remove what a newer writer put.
 */
final class MembershipItem {
  static final String TYPE = "MEMBER";

  static final StaticTableSchema<MembershipItem> SCHEMA =
      StaticTableSchema.builder(MembershipItem.class)
          .newItemSupplier(MembershipItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name(Keys.GSI1_PK).getter(i -> i.gsi1pk).setter((i, v) -> i.gsi1pk = v).tags(secondaryPartitionKey(Keys.GSI1)))
          .addAttribute(String.class, a -> a.name(Keys.GSI1_SK).getter(i -> i.gsi1sk).setter((i, v) -> i.gsi1sk = v).tags(secondarySortKey(Keys.GSI1)))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
          .addAttribute(String.class, a -> a.name("team").getter(i -> i.team).setter((i, v) -> i.team = v))
          .addAttribute(String.class, a -> a.name("userCreatedAt").getter(i -> i.userCreatedAt).setter((i, v) -> i.userCreatedAt = v))
          .addAttribute(Long.class, a -> a.name("userVersion").getter(i -> i.userVersion).setter((i, v) -> i.userVersion = v))
          .build();

  String pk;
  String sk;
  String gsi1pk;
  String gsi1sk;
  String type;
  String userId;
  String team;
  String userCreatedAt;
  Long userVersion;

  /** The user id, from the sort key (index reads project keys only). */
  String memberId() {
    return sk.substring(Keys.MEMBER_PREFIX.length());
  }

  static MembershipItem of(TenantId team, User user) {
    MembershipItem item = new MembershipItem();
    item.pk = Keys.tenant(team);
    item.sk = Keys.member(user.id());
    item.gsi1pk = item.pk;
    item.gsi1sk = Keys.USER_PREFIX + Keys.createdOrder(user.createdAt(), user.id());
    item.type = TYPE;
    item.userId = user.id();
    item.team = team.value();
    item.userCreatedAt = Keys.timestamp(user.createdAt());
    item.userVersion = user.version();
    return item;
  }
}
