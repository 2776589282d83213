package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.runtime.Config;
import dev.gatehouse.functions.provisioning.SqsContinuationQueue;
import dev.gatehouse.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The continuation queue of tenant deletions, on moto's SQS. */
class SqsContinuationQueueIT {
  private final SqsClient sqs = SqsClient.builder()
      .endpointOverride(MotoServer.shared().endpoint())
      .region(Region.US_EAST_1)
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
      .httpClient(UrlConnectionHttpClient.create())
      .build();

  @Test
  void aContinuationArrivesOnTheQueueAsSent() {
    String url = sqs.createQueue(r -> r.queueName("provisioning-" + UUID.randomUUID())).queueUrl();
    String body = "{\"type\":\"tenant.deleted\",\"data\":{\"organizationId\":\"acme\",\"cursor\":\"c1\"}}";
    new SqsContinuationQueue(sqs, url).accept(body);
    List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    assertEquals(1, received.size());
    assertEquals(body, received.get(0).body());
  }

  @Test
  void withoutAQueueUrlAContinuationFailsSoTheEventIsDeliveredAgain() {
    Consumer<String> queue = SqsContinuationQueue.fromConfig(Config.fromEnv(Map.of()));
    IllegalStateException failed = assertThrows(IllegalStateException.class, () -> queue.accept("{}"));
    assertTrue(failed.getMessage().contains("GATEHOUSE_PROVISIONING_QUEUE_URL"), failed.getMessage());
  }

  @Test
  void theQueueUrlIsReadWithTheRestOfTheConfiguration() {
    String url = "https://sqs.eu-west-1.amazonaws.com/123456789012/gatehouse-provisioning";
    assertEquals(url, Config.fromEnv(Map.of("GATEHOUSE_PROVISIONING_QUEUE_URL", url)).provisioningQueueUrl().orElseThrow());
    assertTrue(Config.fromEnv(Map.of("GATEHOUSE_PROVISIONING_QUEUE_URL", " ")).provisioningQueueUrl().isEmpty());
  }
}
