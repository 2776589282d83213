package dev.gatehouse.runtime;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * Credentials wherever Lambda puts them. A function without SnapStart (and {@code sam local},
 * moto, LocalStack) gets {@code AWS_ACCESS_KEY_ID} and friends; a SnapStart function gets none of
 * those, only {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code
 * AWS_CONTAINER_AUTHORIZATION_TOKEN}, because credentials in a snapshot would outlive their
 * session. Only these two sources are tried, so a cold start probes no profile file or instance
 * metadata; nothing is fetched until the first call that needs it (never before a snapshot).
 */
public final class LambdaCredentials {
  private LambdaCredentials() {}

  public static AwsCredentialsProvider provider() {
    return AwsCredentialsProviderChain.builder()
        .reuseLastProviderEnabled(true)
        .credentialsProviders(EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create())
        .build();
  }
}
