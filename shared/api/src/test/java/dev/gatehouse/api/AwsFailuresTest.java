package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.errors.StorageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class AwsFailuresTest {

  private static DynamoDbException dynamoDb(String code, String message) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode(code).errorMessage(message).build())
        .build();
  }

  @Test
  void aDeniedActionIsLoggedInAwsOwnWords() {
    String denied = "User: arn:aws:sts::1:assumed-role/ListRooms/x is not authorized to perform: dynamodb:Query";
    assertEquals("DynamoDb AccessDeniedException (HTTP 400): " + denied,
        AwsFailures.describe(new StorageException("Could not list rooms", dynamoDb("AccessDeniedException", denied))));
  }

  @Test
  void otherServiceMessagesAreLeftOutBecauseTheyCanQuoteRequestValues() {
    assertEquals("DynamoDb ValidationException (HTTP 400)",
        AwsFailures.describe(dynamoDb("ValidationException", "One or more parameter values were invalid: alice@example.com")));
  }

  @Test
  void aClientSideFailureSaysWhy() {
    assertEquals("client SdkClientException: Unable to load credentials",
        AwsFailures.describe(SdkClientException.create("Unable to load credentials")));
  }
}
