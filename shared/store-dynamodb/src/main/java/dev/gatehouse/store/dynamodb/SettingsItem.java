package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** The application settings item. */
final class SettingsItem {
  static final StaticTableSchema<SettingsItem> SCHEMA =
      StaticTableSchema.builder(SettingsItem.class)
          .newItemSupplier(SettingsItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(Boolean.class, a -> a.name("multiTenantEnabled").getter(i -> i.multiTenantEnabled).setter((i, v) -> i.multiTenantEnabled = v))
          .addAttribute(String.class, a -> a.name("updatedAt").getter(i -> i.updatedAt).setter((i, v) -> i.updatedAt = v))
          .addAttribute(Integer.class, a -> a.name("clientRoomCreatesPerMinute").getter(i -> i.clientRoomCreatesPerMinute)
              .setter((i, v) -> i.clientRoomCreatesPerMinute = v))
          .addAttribute(Integer.class, a -> a.name("clientQueriesPerMinute").getter(i -> i.clientQueriesPerMinute)
              .setter((i, v) -> i.clientQueriesPerMinute = v))
          .addAttribute(String.class, a -> a.name("revokeTokensIssuedBefore").getter(i -> i.revokeTokensIssuedBefore)
              .setter((i, v) -> i.revokeTokensIssuedBefore = v))
          .build();

  String pk;
  String sk;
  Boolean multiTenantEnabled;
  String updatedAt;
  Integer clientRoomCreatesPerMinute;
  Integer clientQueriesPerMinute;
  String revokeTokensIssuedBefore;

  dev.gatehouse.store.Settings toSettings() {
    return new dev.gatehouse.store.Settings(Boolean.TRUE.equals(multiTenantEnabled),
        new dev.gatehouse.store.RateLimits(java.util.Optional.ofNullable(clientRoomCreatesPerMinute),
            java.util.Optional.ofNullable(clientQueriesPerMinute)),
        java.util.Optional.ofNullable(revokeTokensIssuedBefore).map(java.time.Instant::parse),
        java.util.Optional.ofNullable(updatedAt).map(java.time.Instant::parse));
  }
}
