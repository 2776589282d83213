package dev.gatehouse.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.io.File;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, the engine AWS ships, running inside this JVM: no network, no Docker. One
 * in-memory engine is shared by every test of a JVM; each test class makes its own table with
 * {@link #uniqueTableName(String)} so that classes never see each other's data.
 *
 * <p>Telemetry is turned off. On JDK 25 the test JVM needs {@code
 * --enable-native-access=ALL-UNNAMED}, since the engine loads SQLite natively (the parent POM
 * passes it).
 */
public final class DynamoDbLocal {
  private static volatile AmazonDynamoDBLocal shared;

  private DynamoDbLocal() {}

  /** A client of the JVM-wide in-memory engine, started on first use. */
  public static DynamoDbClient client() {
    AmazonDynamoDBLocal engine = shared;
    if (engine == null) {
      synchronized (DynamoDbLocal.class) {
        engine = shared;
        if (engine == null) {
          engine = DynamoDBEmbedded.create(true);
          shared = engine;
          AmazonDynamoDBLocal started = engine;
          Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "dynamodb-local-shutdown"));
        }
      }
    }
    return engine.dynamoDbClient();
  }

  /**
   * Starts a separate engine: in memory when {@code dataDirectory} is null, else persisted in a
   * SQLite file inside that directory. The caller shuts it down.
   */
  public static AmazonDynamoDBLocal start(File dataDirectory) {
    if (dataDirectory == null) {
      return DynamoDBEmbedded.create(true);
    }
    if (!dataDirectory.isDirectory() && !dataDirectory.mkdirs()) {
      throw new IllegalStateException("cannot create " + dataDirectory);
    }
    return DynamoDBEmbedded.create(new File(dataDirectory, "gatehouse-dynamodb.db"), true);
  }

  /** A table name no other test class uses. */
  public static String uniqueTableName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
