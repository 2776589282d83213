package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.EventLedger;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The ledger in the single table: {@code EVENT#<id> / EVENT} for processed events, {@code
 * TOMBSTONE#<KIND>#<id> / TOMBSTONE} for deletions, each expiring through the {@code expiresAt}
 * TTL attribute. Reads are strongly consistent. (DynamoDB deletes expired items within days, so
 * readers also ignore items already past their expiry.)
 */
public final class DynamoDbEventLedger implements EventLedger {
  private final DynamoDbTable<LedgerItem> table;
  private final java.time.Clock clock;

  public DynamoDbEventLedger(DynamoDbEnhancedClient enhanced, String tableName, java.time.Clock clock) {
    this.table = enhanced.table(tableName, LedgerItem.SCHEMA);
    this.clock = clock;
  }

  @Override
  public boolean processed(String eventId) {
    return live(Keys.event(eventId), Keys.EVENT_SK).isPresent();
  }

  @Override
  public void markProcessed(String eventId, String type, Instant expiresAt) {
    LedgerItem item = item(Keys.event(eventId), Keys.EVENT_SK, type, clock.instant(), expiresAt);
    try {
      table.putItem(item);
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("record a processed event", e);
    }
  }

  @Override
  public Optional<Instant> deletedAt(Kind kind, String id) {
    return live(Keys.tombstone(kind.name(), id), Keys.TOMBSTONE_SK).map(i -> Instant.parse(i.at));
  }

  @Override
  public void markDeleted(Kind kind, String id, Instant deletedAt, Instant expiresAt) {
    LedgerItem item = item(Keys.tombstone(kind.name(), id), Keys.TOMBSTONE_SK, kind.name(), deletedAt, expiresAt);
    Expression notNewer = Expression.builder()
        .expression("attribute_not_exists(#pk) OR #at < :at")
        .putExpressionName("#pk", Keys.PK)
        .putExpressionName("#at", "at")
        .putExpressionValue(":at", AttributeValue.fromS(item.at))
        .build();
    try {
      table.putItem(PutItemEnhancedRequest.builder(LedgerItem.class).item(item).conditionExpression(notNewer).build());
    } catch (ConditionalCheckFailedException newerKept) {
      // A later deletion is already recorded.
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("record a deletion", e);
    }
  }

  private Optional<LedgerItem> live(String pk, String sk) {
    try {
      LedgerItem item = table.getItem(GetItemEnhancedRequest.builder().key(DynamoDbRoomRepository.key(pk, sk)).consistentRead(true).build());
      return Optional.ofNullable(item).filter(i -> i.expiresAt == null || i.expiresAt > clock.instant().getEpochSecond());
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read the event ledger", e);
    }
  }

  private static LedgerItem item(String pk, String sk, String type, Instant at, Instant expiresAt) {
    LedgerItem item = new LedgerItem();
    item.pk = pk;
    item.sk = sk;
    item.type = type;
    item.at = Keys.timestamp(at);
    item.expiresAt = expiresAt.getEpochSecond();
    return item;
  }
}
