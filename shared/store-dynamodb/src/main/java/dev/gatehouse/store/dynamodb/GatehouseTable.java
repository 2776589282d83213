package dev.gatehouse.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table's definition, for emulators (moto, LocalStack), the local server and tests. {@code template.yaml} declares the same
 * table for AWS; a test checks the two agree.
 */
public final class GatehouseTable {
  private GatehouseTable() {}

  /**
   * The CreateTable request: PK/SK, GSI1 (a tenant's rooms and members by time), GSI2 (all rooms,
   * all users by time) and GSI3 (all rooms, all users by id). All three keys only.
   */
  public static CreateTableRequest definition(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            string(Keys.PK), string(Keys.SK),
            string(Keys.GSI1_PK), string(Keys.GSI1_SK),
            string(Keys.GSI2_PK), string(Keys.GSI2_SK),
            string(Keys.GSI3_PK), string(Keys.GSI3_SK))
        .keySchema(hash(Keys.PK), range(Keys.SK))
        .globalSecondaryIndexes(
            keysOnlyIndex(Keys.GSI1, Keys.GSI1_PK, Keys.GSI1_SK),
            keysOnlyIndex(Keys.GSI2, Keys.GSI2_PK, Keys.GSI2_SK),
            keysOnlyIndex(Keys.GSI3, Keys.GSI3_PK, Keys.GSI3_SK))
        .build();
  }

  /** Creates the table unless it exists, and waits until it is active. */
  public static void createIfMissing(DynamoDbClient client, String tableName) {
    try {
      client.createTable(definition(tableName));
      client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
      client.updateTimeToLive(b -> b.tableName(tableName)
          .timeToLiveSpecification(t -> t.attributeName(Keys.TTL).enabled(true)));
    } catch (ResourceInUseException alreadyThere) {
      // Created by an earlier run (persisted local data) or another thread.
    }
  }

  /**
   * Checks that the table exists, for a store Gatehouse must not create (a deployed stack's table
   * in AWS).
   *
   * @throws IllegalStateException naming the table when it does not exist
   */
  public static void requireExists(DynamoDbClient client, String tableName) {
    try {
      client.describeTable(b -> b.tableName(tableName));
    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException missing) {
      throw new IllegalStateException("DynamoDB table " + tableName + " does not exist in this account and region."
          + " Deploy the stack (sam deploy) and pass its table's name with --table, or use --dynamodb-endpoint URL"
          + " for an emulator, where the table is created for you.", missing);
    }
  }

  private static GlobalSecondaryIndex keysOnlyIndex(String name, String pk, String sk) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(hash(pk), range(sk))
        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
        .build();
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }
}
