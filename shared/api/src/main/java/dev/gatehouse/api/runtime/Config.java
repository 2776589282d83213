package dev.gatehouse.api.runtime;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a function reads from its environment, read in one place.
 *
 * <table>
 *   <tr><td>{@code GATEHOUSE_TABLE}</td><td>the DynamoDB table (required)</td></tr>
 *   <tr><td>{@code GATEHOUSE_SECRET_KEYS_SECRET}</td><td>the Secrets Manager secret that holds the
 *       {@code sk_…} keys (a JSON object whose string values are keys)</td></tr>
 *   <tr><td>{@code GATEHOUSE_SECRET_KEYS}</td><td>comma-separated keys, for {@code sam local} and
 *       tests only: refused when running in AWS Lambda</td></tr>
 *   <tr><td>{@code GATEHOUSE_DYNAMODB_ENDPOINT}</td><td>a DynamoDB endpoint override (DynamoDB Local)</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>set by Lambda</td></tr>
 * </table>
 */
public record Config(
    String tableName,
    Optional<String> region,
    Optional<URI> dynamoDbEndpoint,
    Optional<String> secretKeysSecretId,
    List<String> inlineSecretKeys) {

  public static Config fromEnv(Map<String, String> env) {
    String table = nonBlank(env.get("GATEHOUSE_TABLE"))
        .orElseThrow(() -> new IllegalStateException("GATEHOUSE_TABLE is not set"));
    List<String> inline = nonBlank(env.get("GATEHOUSE_SECRET_KEYS"))
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    boolean inAws = env.containsKey("AWS_LAMBDA_FUNCTION_NAME") && !"true".equals(env.get("AWS_SAM_LOCAL"));
    if (!inline.isEmpty() && inAws) {
      throw new IllegalStateException(
          "GATEHOUSE_SECRET_KEYS is for local use only; in AWS the keys come from GATEHOUSE_SECRET_KEYS_SECRET");
    }
    Optional<String> secretId = nonBlank(env.get("GATEHOUSE_SECRET_KEYS_SECRET"));
    if (secretId.isEmpty() && inline.isEmpty()) {
      throw new IllegalStateException("set GATEHOUSE_SECRET_KEYS_SECRET (or, locally, GATEHOUSE_SECRET_KEYS)");
    }
    return new Config(
        table,
        nonBlank(env.get("AWS_REGION")),
        nonBlank(env.get("GATEHOUSE_DYNAMODB_ENDPOINT")).map(URI::create),
        secretId,
        inline);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
