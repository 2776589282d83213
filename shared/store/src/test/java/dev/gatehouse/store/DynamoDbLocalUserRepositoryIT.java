package dev.gatehouse.store;

import dev.gatehouse.testing.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The user repository contract on DynamoDB Local, in this JVM. */
class DynamoDbLocalUserRepositoryIT extends UserRepositoryContract {
  private final String table = DynamoDbLocal.uniqueTableName("users");

  @Override
  protected DynamoDbClient client() {
    return DynamoDbLocal.client();
  }

  @Override
  protected String tableName() {
    return table;
  }
}
