package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;

/** The settings item ({@code APP / SETTINGS}): one GetItem to read, one PutItem to write. */
public final class DynamoDbSettingsRepository implements SettingsRepository {
  private final DynamoDbTable<SettingsItem> table;

  public DynamoDbSettingsRepository(DynamoDbEnhancedClient enhanced, String tableName) {
    this.table = enhanced.table(tableName, SettingsItem.SCHEMA);
  }

  @Override
  public Settings get() {
    try {
      SettingsItem item = table.getItem(GetItemEnhancedRequest.builder()
          .key(DynamoDbRoomRepository.key(Keys.APP, Keys.SETTINGS)).consistentRead(true).build());
      if (item == null) {
        return Settings.DEFAULTS;
      }
      return new Settings(Boolean.TRUE.equals(item.multiTenantEnabled), Optional.ofNullable(item.updatedAt).map(Instant::parse));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read settings", e);
    }
  }

  @Override
  public Settings put(Settings settings) {
    SettingsItem item = new SettingsItem();
    item.pk = Keys.APP;
    item.sk = Keys.SETTINGS;
    item.multiTenantEnabled = settings.multiTenantEnabled();
    item.updatedAt = settings.updatedAt().map(Keys::timestamp).orElse(null);
    try {
      table.putItem(item);
      return settings;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("write settings", e);
    }
  }
}
