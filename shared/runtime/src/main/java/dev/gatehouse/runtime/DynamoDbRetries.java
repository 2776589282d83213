package dev.gatehouse.runtime;

import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.telemetry.RequestNotes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The retry budget of every DynamoDB client a function builds, stated rather than inherited from
 * SDK defaults: the SDK's standard strategy (throttling, 5xx, timeouts and transient client
 * failures are retried; {@code TransactionCanceledException} and condition failures are not)
 * with at most {@value #MAX_ATTEMPTS} attempts per call, a jittered exponential backoff from
 * 25 ms (100 ms when throttled) capped at 1 s, a 2 s limit per attempt and 4 s per call. A call
 * that cannot finish inside that gives up, so a request answers 503 with {@code Retry-After}
 * well inside the function's own timeout instead of spinning until Lambda kills it.
 */
public final class DynamoDbRetries {
  /** Attempts per SDK call, the first included. */
  public static final int MAX_ATTEMPTS = 3;
  public static final Duration BACKOFF_BASE = Duration.ofMillis(25);
  public static final Duration THROTTLED_BACKOFF_BASE = Duration.ofMillis(100);
  public static final Duration BACKOFF_CAP = Duration.ofSeconds(1);
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

  private DynamoDbRetries() {}

  /** The standard strategy with this budget. */
  public static RetryStrategy strategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(BackoffStrategy.exponentialDelay(BACKOFF_BASE, BACKOFF_CAP))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLED_BACKOFF_BASE, BACKOFF_CAP))
        .build();
  }

  /** The override configuration carrying the strategy, both timeouts and the retry counter; add interceptors to it in tests. */
  public static ClientOverrideConfiguration.Builder configuration() {
    return ClientOverrideConfiguration.builder()
        .addExecutionInterceptor(new RetryCounter())
        .retryStrategy(strategy())
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .apiCallTimeout(CALL_TIMEOUT);
  }

  /** Counts every attempt after a call's first as a storage retry of the request (its access line's metric). */
  static final class RetryCounter implements ExecutionInterceptor {
    private static final ExecutionAttribute<Integer> ATTEMPTS = new ExecutionAttribute<>("GatehouseAttempts");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      Integer before = attributes.getAttribute(ATTEMPTS);
      int attempts = before == null ? 1 : before + 1;
      attributes.putAttribute(ATTEMPTS, attempts);
      if (attempts > 1) {
        RequestNotes.count(Metric.STORAGE_RETRIES);
      }
    }
  }
}
