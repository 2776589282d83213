package dev.gatehouse.api.runtime;

import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.service.rooms.RoomService;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.dynamodb.DynamoDbRoomRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The composition root: every dependency a handler may need, built once per container on first
 * use (so a function only pays for what its path touches). Handlers get it from {@link
 * #fromEnvironment()} in AWS, or from a {@link #builder()} in the local server and tests.
 */
public final class Gatehouse {
  private static final Lazy<Gatehouse> FROM_ENVIRONMENT =
      Lazy.of(() -> fromConfig(Config.fromEnv(System.getenv())));

  private final Clock clock;
  private final Supplier<SecretKeys> secretKeys;
  private final Lazy<DynamoDbEnhancedClient> enhanced;
  private final String tableName;
  private final Lazy<RoomRepository> roomRepository;
  private final Lazy<RoomService> roomService;

  private Gatehouse(Builder b) {
    this.clock = b.clock;
    this.secretKeys = Objects.requireNonNull(b.secretKeys, "secretKeys");
    this.tableName = Objects.requireNonNull(b.tableName, "tableName");
    Supplier<DynamoDbClient> dynamoDb = Objects.requireNonNull(b.dynamoDb, "dynamoDb");
    this.enhanced = Lazy.of(() -> DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb.get()).build());
    this.roomRepository = Lazy.of(() -> new DynamoDbRoomRepository(enhanced.get(), tableName));
    this.roomService = Lazy.of(() -> new RoomService(roomRepository.get(), clock));
  }

  /** The container's Gatehouse, configured from the environment (AWS Lambda, {@code sam local}). */
  public static Gatehouse fromEnvironment() {
    return FROM_ENVIRONMENT.get();
  }

  static Gatehouse fromConfig(Config config) {
    Lazy<DynamoDbClient> dynamoDb = Lazy.of(() -> AwsClients.dynamoDb(config));
    Supplier<SecretKeys> keys = config.secretKeysSecretId()
        .<Supplier<SecretKeys>>map(id -> new Refreshing<>(() -> AwsClients.secretKeys(config, id), Duration.ofMinutes(5), Clock.systemUTC()))
        .orElseGet(() -> {
          SecretKeys inline = SecretKeys.of(config.inlineSecretKeys());
          return () -> inline;
        });
    return builder().dynamoDb(dynamoDb).tableName(config.tableName()).secretKeys(keys).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Clock clock() {
    return clock;
  }

  public SecretKeys secretKeys() {
    return secretKeys.get();
  }

  public RoomService rooms() {
    return roomService.get();
  }

  public RoomRepository roomRepository() {
    return roomRepository.get();
  }

  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Supplier<SecretKeys> secretKeys;
    private Supplier<DynamoDbClient> dynamoDb;
    private String tableName;

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder secretKeys(SecretKeys keys) {
      return secretKeys(() -> keys);
    }

    public Builder secretKeys(Supplier<SecretKeys> keys) {
      this.secretKeys = keys;
      return this;
    }

    public Builder dynamoDb(DynamoDbClient client) {
      return dynamoDb(() -> client);
    }

    public Builder dynamoDb(Supplier<DynamoDbClient> client) {
      this.dynamoDb = client;
      return this;
    }

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    public Gatehouse build() {
      return new Gatehouse(this);
    }
  }
}
