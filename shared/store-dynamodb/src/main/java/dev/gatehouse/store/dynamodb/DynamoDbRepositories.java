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
        new DynamoDbRoomRepository(enhanced, tableName),
        new DynamoDbUserRepository(enhanced, tableName),
        new DynamoDbSettingsRepository(enhanced, tableName),
        new DynamoDbEventLedger(enhanced, tableName, clock),
        new DynamoDbRateCounter(client, tableName),
        new DynamoDbRevocationRepository(client, tableName),
        new DynamoDbAccessReads(client, tableName));
  }
}
