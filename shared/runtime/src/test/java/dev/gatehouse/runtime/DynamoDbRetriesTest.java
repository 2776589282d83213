package dev.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
}
