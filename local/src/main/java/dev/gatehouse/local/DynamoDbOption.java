package dev.gatehouse.local;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code --dynamodb-endpoint URL [--table NAME]} and {@code --dynamodb [--table NAME]}: the local
 * server on a DynamoDB table instead of the embedded store, with the credentials and region of
 * the usual {@code AWS_*} variables (the SDK's default chains).
 *
 * @param endpoint an emulator (moto, LocalStack), where the table is created when missing; empty
 *     for AWS itself, where it never is
 */
record DynamoDbOption(Optional<URI> endpoint, String table) {
  static final String DEFAULT_TABLE = "gatehouse";

  /** The store, on a client the caller closes. */
  LocalStore store(DynamoDbClient client) {
    return new LocalStore.DynamoDb(client, table, endpoint.isPresent());
  }

  DynamoDbClient client() {
    var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region());
    endpoint.ifPresent(builder::endpointOverride);
    builder.credentialsProvider(credentials());
    return builder.build();
  }

  /** What the startup banner says about the store. */
  String describe(Region region) {
    return "DynamoDB table " + table + endpoint.map(e -> " at " + e).orElse(" in AWS (" + region.id() + ")");
  }

  Region region() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException none) {
      if (endpoint.isPresent()) {
        return Region.US_EAST_1; // an emulator answers in any region
      }
      throw new IllegalArgumentException("--dynamodb needs a region: set AWS_REGION (or a profile's region)");
    }
  }

  private AwsCredentialsProvider credentials() {
    DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
    if (endpoint.isEmpty()) {
      return chain;
    }
    try {
      chain.resolveCredentials();
      return chain;
    } catch (SdkClientException none) {
      // Emulators accept any credentials; AWS itself never gets these.
      System.err.println("gatehouse: no AWS credentials found; using placeholder credentials for " + endpoint.get());
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("gatehouse-local", "gatehouse-local"));
    }
  }
}
