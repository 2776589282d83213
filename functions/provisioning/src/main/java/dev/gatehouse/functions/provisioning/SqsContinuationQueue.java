package dev.gatehouse.functions.provisioning;

import dev.gatehouse.runtime.Config;
import dev.gatehouse.runtime.LambdaCredentials;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where an unfinished tenant deletion puts its continuation: the provisioning queue itself
 * ({@code GATEHOUSE_PROVISIONING_QUEUE_URL}), so the next batch is a new message with its own
 * retries, not a long invocation. The client is built as Lambda wants it for a fast start (the
 * URL-connection HTTP client, Lambda's credentials, no provider chains); its endpoint follows
 * the SDK's own {@code AWS_ENDPOINT_URL} settings (moto, LocalStack).
 */
public final class SqsContinuationQueue implements Consumer<String> {
  private final SqsClient sqs;
  private final String queueUrl;

  public SqsContinuationQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** The configured queue; without a URL, a continuation fails, so the event is delivered again. */
  public static Consumer<String> fromConfig(Config config) {
    if (config.provisioningQueueUrl().isEmpty()) {
      return body -> {
        throw new IllegalStateException("GATEHOUSE_PROVISIONING_QUEUE_URL is not set: deliver the event again");
      };
    }
    SqsClient sqs = SqsClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(LambdaCredentials.provider())
        .region(Region.of(config.region().orElse("us-east-1")))
        .build();
    return new SqsContinuationQueue(sqs, config.provisioningQueueUrl().get());
  }

  @Override
  public void accept(String body) {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }
}
