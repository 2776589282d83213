package dev.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.telemetry.RequestNotes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client a function builds carries the stated retry budget, not the SDK's defaults. */
class DynamoDbRetriesTest {

  @Test
  void theFunctionsClientCarriesTheBudget() {
    Config config = Config.fromEnv(Map.of("GATEHOUSE_TABLE", "t", "AWS_REGION", "eu-west-1"));
    try (DynamoDbClient client = AwsClients.dynamoDb(config)) {
      ClientOverrideConfiguration override = client.serviceClientConfiguration().overrideConfiguration();
      assertEquals(3, override.retryStrategy().orElseThrow().maxAttempts(), "attempts per call, the first included");
      assertEquals(Optional.of(Duration.ofSeconds(2)), override.apiCallAttemptTimeout());
      assertEquals(Optional.of(Duration.ofSeconds(4)), override.apiCallTimeout());
    }
  }

  @Test
  void theWholeBudgetFitsWellInsideAFunctionTimeout() {
    // Three attempts, each cut at 2 s, are cut again at 4 s for the call: a request never waits on one
    // DynamoDB call longer than that, whatever the backoff (25 ms, 100 ms throttled, capped at 1 s).
    assertEquals(DynamoDbRetries.CALL_TIMEOUT, DynamoDbRetries.ATTEMPT_TIMEOUT.multipliedBy(2));
    assertEquals(Duration.ofMillis(25), DynamoDbRetries.BACKOFF_BASE);
    assertEquals(Duration.ofMillis(100), DynamoDbRetries.THROTTLED_BACKOFF_BASE);
    assertEquals(Duration.ofSeconds(1), DynamoDbRetries.BACKOFF_CAP);
    assertEquals(3, DynamoDbRetries.strategy().maxAttempts());
  }

  @Test
  void everyAttemptAfterTheFirstCountsAsAStorageRetryOfTheRequest() throws Exception {
    // A DynamoDB endpoint that fails twice with a 500, then answers: the SDK tries three times.
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      boolean fail = calls.incrementAndGet() <= 2;
      byte[] body = (fail ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"x\"}"
          : "{\"TableNames\":[]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
      exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try (DynamoDbClient client = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .overrideConfiguration(DynamoDbRetries.configuration().build())
        .build();
        RequestNotes notes = RequestNotes.open()) {
      client.listTables();
      assertEquals(3, calls.get());
      assertEquals(2, notes.counts().get(Metric.STORAGE_RETRIES));
    } finally {
      server.stop(0);
    }
  }
}
