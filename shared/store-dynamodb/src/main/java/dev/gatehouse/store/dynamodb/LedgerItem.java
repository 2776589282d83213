package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** A processed event id or a tombstone; {@code expiresAt} (epoch seconds) is the table's TTL attribute. */
final class LedgerItem {
  static final StaticTableSchema<LedgerItem> SCHEMA =
      StaticTableSchema.builder(LedgerItem.class)
          .newItemSupplier(LedgerItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
          .addAttribute(Long.class, a -> a.name(Keys.TTL).getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
          .build();

  String pk;
  String sk;
  String type;
  String at;
  Long expiresAt;
}
