package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.Repositories;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every repository on one DynamoDB table (created beforehand, e.g. by {@link GatehouseTable}). */
public final class DynamoDbRepositories {
  private DynamoDbRepositories() {}

  public static Repositories of(DynamoDbClient client, String tableName, Clock clock) {
    DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    return new Repositories(
        new DynamoDbRoomRepository(enhanced, tableName, clock),
        new DynamoDbUserRepository(enhanced, tableName, clock),
        new DynamoDbSettingsRepository(enhanced, tableName, clock),
        new DynamoDbEventLedger(enhanced, tableName, clock),
        new DynamoDbRateCounter(client, tableName),
        new DynamoDbRevocationRepository(client, tableName, clock),
        new DynamoDbAccessReads(client, tableName),
        new DynamoDbChangeLog(enhanced, tableName),
        new DynamoDbWebhookRepository(client, tableName, clock),
        new DynamoDbGroupRepository(client, tableName, clock));
  }
}
