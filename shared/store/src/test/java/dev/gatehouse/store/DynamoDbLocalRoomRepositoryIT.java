package dev.gatehouse.store;

import dev.gatehouse.testing.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The room repository contract on DynamoDB Local, in this JVM. */
class DynamoDbLocalRoomRepositoryIT extends RoomRepositoryContract {
  private final String table = DynamoDbLocal.uniqueTableName("rooms");

  @Override
  protected DynamoDbClient client() {
    return DynamoDbLocal.client();
  }

  @Override
  protected String tableName() {
    return table;
  }
}
