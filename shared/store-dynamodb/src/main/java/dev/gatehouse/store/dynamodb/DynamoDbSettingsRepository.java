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
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.Changes;
import java.util.Optional;

/**
 * The settings item ({@code APP / SETTINGS}): one GetItem to read; a change is one conditional
 * TransactWriteItems with its recorded change (a write that changes nothing, one PutItem).
 */
public final class DynamoDbSettingsRepository implements SettingsRepository {
  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<SettingsItem> table;
  private final DynamoDbTable<ChangeItem> changes;
  private final java.time.Clock clock;

  public DynamoDbSettingsRepository(DynamoDbEnhancedClient enhanced, String tableName) {
    this(enhanced, tableName, java.time.Clock.systemUTC());
  }

  /** @param clock what the changes the writes record are stamped with */
  public DynamoDbSettingsRepository(DynamoDbEnhancedClient enhanced, String tableName, java.time.Clock clock) {
    this.enhanced = enhanced;
    this.table = enhanced.table(tableName, SettingsItem.SCHEMA);
    this.changes = DynamoDbChangeLog.table(enhanced, tableName);
    this.clock = clock;
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
    Settings before = get();
    try {
      write(before, settings, Optional.empty());
      return settings;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("write settings", e);
    }
  }

  /** The settings and their change, in one transaction (without a change, one PutItem). */
  private void write(Settings before, Settings after, Optional<Expression> condition) {
    Optional<Change> change = Changes.ofSettings(before, after, clock.instant(), Actor.current());
    if (change.isEmpty()) {
      PutItemEnhancedRequest.Builder<SettingsItem> put = PutItemEnhancedRequest.builder(SettingsItem.class).item(item(after));
      condition.ifPresent(put::conditionExpression);
      table.putItem(put.build());
      return;
    }
    TransactPutItemEnhancedRequest.Builder<SettingsItem> put = TransactPutItemEnhancedRequest.builder(SettingsItem.class).item(item(after));
    condition.ifPresent(put::conditionExpression);
    enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
        .addPutItem(table, put.build())
        .addPutItem(changes, DynamoDbChangeLog.outboxPut(change.get()))
        .build());
  }

  @Override
  public boolean replace(Settings expected, Settings settings) {
    // Still as read: the item absent (never written) or its updatedAt the one read.
    Expression unchanged = expected.updatedAt().isEmpty()
        ? Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build()
        : Expression.builder().expression("#updatedAt = :updatedAt").putExpressionName("#updatedAt", "updatedAt")
            .putExpressionValue(":updatedAt", AttributeValue.fromS(Keys.timestamp(expected.updatedAt().get()))).build();
    try {
      write(expected, settings, Optional.of(unchanged));
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return false;
    } catch (TransactionCanceledException e) {
      // Changed meanwhile: the caller reads again. Anything else (a conflict, throttling) is the store's failure.
      if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
        return false;
      }
      throw DynamoDbRoomRepository.storage("write settings", e);
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
