package dev.gatehouse.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gatehouse.errors.StorageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** A storage failure's message reaches the caller: it names what failed, never AWS's error code, request id or table. */
class StorageMessagesTest {

  @Test
  void theMessageCarriesNoAwsDetailAndTheCauseKeepsItForTheLog() {
    var throttled = ProvisionedThroughputExceededException.builder().statusCode(400).requestId("REQ-1234")
        .message("Throughput exceeds the current capacity of your table gatehouse-prod")
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode("ProvisionedThroughputExceededException")
            .errorMessage("Throughput exceeds the current capacity of your table gatehouse-prod").build())
        .build();
    StorageException e = DynamoDbRoomRepository.storage("write user", throttled);
    assertEquals("Could not write user: the store is unavailable or busy.", e.getMessage());
    assertSame(throttled, e.getCause(), "the log line (AwsFailures.describe) reads the code from the cause");
  }
}
