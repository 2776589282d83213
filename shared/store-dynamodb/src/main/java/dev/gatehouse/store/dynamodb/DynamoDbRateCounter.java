package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.RateCounter;
import dev.gatehouse.store.RateLimits;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A tenant's counter per bucket and minute ({@code RATE#<tenant> / <bucket>#<minute>}), counted
 * by one conditional UpdateItem: {@code ADD count :one} only while {@code count < limit}. The
 * counter expires (TTL) five minutes after its window. One item takes about 1,000 writes per
 * second, the ceiling of a quota per tenant and bucket (docs/operations.md).
 */
public final class DynamoDbRateCounter implements RateCounter {
  /** How long a window's counter outlives the window: TTL deletes it within days, reads ignore nothing. */
  private static final long KEEP_SECONDS = 300;

  private final DynamoDbClient client;
  private final String tableName;

  public DynamoDbRateCounter(DynamoDbClient client, String tableName) {
    this.client = client;
    this.tableName = tableName;
  }

  @Override
  public boolean tryAcquire(TenantId tenant, RateLimits.Bucket bucket, long window, int limit) {
    try {
      client.updateItem(b -> b.tableName(tableName)
          .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.rateCounter(tenant)),
              Keys.SK, AttributeValue.fromS(bucket.key() + "#" + window)))
          .updateExpression("ADD #count :one SET #ttl = :expires")
          .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
          .expressionAttributeNames(Map.of("#count", "count", "#ttl", Keys.TTL))
          .expressionAttributeValues(Map.of(
              ":one", AttributeValue.fromN("1"),
              ":limit", AttributeValue.fromN(Integer.toString(limit)),
              ":expires", AttributeValue.fromN(Long.toString((window + 1) * 60 + KEEP_SECONDS)))));
      return true;
    } catch (ConditionalCheckFailedException spent) {
      return false;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("count a request against its quota", e);
    }
  }
}
