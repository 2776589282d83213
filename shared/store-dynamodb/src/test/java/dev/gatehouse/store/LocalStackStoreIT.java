package dev.gatehouse.store;

import dev.gatehouse.testing.MotoServer;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every repository contract on LocalStack's DynamoDB, through Testcontainers. Skipped, with the
 * reason "Docker is not available", on machines without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStoreIT {
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(LocalStackContainer.Service.DYNAMODB);

  private static DynamoDbClient client;

  /** One client of the shared LocalStack container, started on first use. */
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

  private static StoreBackend localStack(String what) {
    return new DynamoDbBackend("DynamoDB on LocalStack", LocalStackStoreIT::localStackClient, MotoServer.uniqueTableName(what),
        java.util.Optional.empty());
  }

  @Nested
  class Rooms extends RoomRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return localStack("rooms");
    }
  }

  @Nested
  class Users extends UserRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return localStack("users");
    }
  }

  @Nested
  class SettingsItem extends SettingsRepositoryContract {
    @Override
    protected StoreBackend backend() {
      return localStack("settings");
    }
  }

  @Nested
  class Counters extends RateCounterContract {
    @Override
    protected StoreBackend backend() {
      return localStack("rate-counters");
    }
  }

  @Nested
  class Revocations extends RevocationContract {
    @Override
    protected StoreBackend backend() {
      return localStack("revocations");
    }
  }

  @Nested
  class Changes extends ChangeLogContract {
    @Override
    protected StoreBackend backend() {
      return localStack("changes");
    }
  }

  @Nested
  class Webhooks extends WebhookContract {
    @Override
    protected StoreBackend backend() {
      return localStack("webhooks");
    }
  }

  @Nested
  class Groups extends GroupContract {
    @Override
    protected StoreBackend backend() {
      return localStack("groups");
    }
  }

  @Nested
  class Ledger extends EventLedgerContract {
    @Override
    protected StoreBackend backend() {
      return localStack("ledger");
    }
  }
}
