package dev.gatehouse.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.SecretKeys;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * AWS clients as Lambda wants them for a fast start: the URL-connection HTTP client, the region
 * from Lambda's environment and credentials from where Lambda hands them out ({@link
 * LambdaCredentials}), with no default provider chains to probe. Endpoints follow the SDK's own
 * {@code AWS_ENDPOINT_URL} settings (moto, LocalStack), or {@code GATEHOUSE_DYNAMODB_ENDPOINT}. DynamoDB
 * calls retry within {@link DynamoDbRetries}' budget.
 */
final class AwsClients {
  private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();
  private static final AwsCredentialsProvider CREDENTIALS = LambdaCredentials.provider();

  private AwsClients() {}

  static DynamoDbClient dynamoDb(Config config) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClient(HTTP)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(DynamoDbRetries.configuration().build());
    config.region().map(Region::of).ifPresent(builder::region);
    config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  static SecretsManagerClient secretsManager(Config config) {
    return SecretsManagerClient.builder()
        .httpClient(HTTP)
        .credentialsProvider(CREDENTIALS)
        .region(config.region().map(Region::of).orElse(Region.US_EAST_1))
        .build();
  }

  static software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge(Config config) {
    return software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder()
        .httpClient(HTTP)
        .credentialsProvider(CREDENTIALS)
        .region(config.region().map(Region::of).orElse(Region.US_EAST_1))
        .build();
  }

  static String readSecret(SecretsManagerClient client, String secretId) {
    return client.getSecretValue(r -> r.secretId(secretId)).secretString();
  }

  /**
   * The secret keys: a JSON object whose string values are the keys. A value without the {@code
   * sk_} prefix gets it, so a generated secret works as it is.
   */
  static SecretKeys secretKeys(SecretsManagerClient client, String secretId) {
    JsonNode secret = Json.parseTree(readSecret(client, secretId));
    List<String> keys = new ArrayList<>();
    secret.properties().forEach(e -> {
      if (e.getValue().isTextual()) {
        String value = e.getValue().asText();
        keys.add(value.startsWith("sk_") ? value : "sk_" + value);
      }
    });
    return SecretKeys.of(keys);
  }
}
