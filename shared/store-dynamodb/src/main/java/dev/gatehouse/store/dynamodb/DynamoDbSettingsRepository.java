package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The settings item ({@code APP / SETTINGS}): one GetItem to read, one PutItem (conditional for a change) to write. */
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
      return item.toSettings();
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read settings", e);
    }
  }

  @Override
  public Settings put(Settings settings) {
    try {
      table.putItem(item(settings));
      return settings;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("write settings", e);
    }
  }

  @Override
  public boolean replace(Settings expected, Settings settings) {
    // Still as read: the item absent (never written) or its updatedAt the one read.
    Expression unchanged = expected.updatedAt().isEmpty()
        ? Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build()
        : Expression.builder().expression("#updatedAt = :updatedAt").putExpressionName("#updatedAt", "updatedAt")
            .putExpressionValue(":updatedAt", AttributeValue.fromS(Keys.timestamp(expected.updatedAt().get()))).build();
    try {
      table.putItem(PutItemEnhancedRequest.builder(SettingsItem.class).item(item(settings)).conditionExpression(unchanged).build());
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return false;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("write settings", e);
    }
  }

  private static SettingsItem item(Settings settings) {
    SettingsItem item = new SettingsItem();
    item.pk = Keys.APP;
    item.sk = Keys.SETTINGS;
    item.multiTenantEnabled = settings.multiTenantEnabled();
    item.updatedAt = settings.updatedAt().map(Keys::timestamp).orElse(null);
    item.clientRoomCreatesPerMinute = settings.rateLimits().clientRoomCreatesPerMinute().orElse(null);
    item.clientQueriesPerMinute = settings.rateLimits().clientQueriesPerMinute().orElse(null);
    item.revokeTokensIssuedBefore = settings.revokeTokensIssuedBefore().map(Keys::timestamp).orElse(null);
    return item;
  }
}
