package dev.gatehouse.store;

import dev.gatehouse.testing.DynamoDbLocal;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The user repository contract on LocalStack; skipped where Docker is not available. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackUserRepositoryIT extends UserRepositoryContract {
  private final String table = DynamoDbLocal.uniqueTableName("users");

  @Override
  protected DynamoDbClient client() {
    return LocalStackRoomRepositoryIT.localStackClient();
  }

  @Override
  protected String tableName() {
    return table;
  }
}
