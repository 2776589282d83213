package dev.gatehouse.store;

import dev.gatehouse.testing.DynamoDbLocal;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The room repository contract on LocalStack's DynamoDB, through Testcontainers. Skipped, with
 * the reason "Docker is not available", on machines without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackRoomRepositoryIT extends RoomRepositoryContract {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(LocalStackContainer.Service.DYNAMODB);

  private static DynamoDbClient client;
  private final String table = DynamoDbLocal.uniqueTableName("rooms");

  @Override
  protected DynamoDbClient client() {
    return localStackClient();
  }

  /** One client of the shared LocalStack container, for every LocalStack suite. */
  static synchronized DynamoDbClient localStackClient() {
    if (!LOCALSTACK.isRunning()) {
      LOCALSTACK.start();
    }
    if (client == null) {
      client = DynamoDbClient.builder()
          .endpointOverride(LOCALSTACK.getEndpoint())
          .region(Region.of(LOCALSTACK.getRegion()))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
          .httpClient(UrlConnectionHttpClient.create())
          .build();
    }
    return client;
  }

  @Override
  protected String tableName() {
    return table;
  }
}
