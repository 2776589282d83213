package dev.gatehouse.runtime;

import dev.gatehouse.tokens.SigningAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a function reads from its environment, read in one place. A function only needs
 * the variables of the paths it runs (the JWKS route needs no secret keys, say).
 *
 * <table>
 *   <tr><td>{@code GATEHOUSE_TABLE}</td><td>the DynamoDB table</td></tr>
 *   <tr><td>{@code GATEHOUSE_SECRET_KEYS_SECRET}</td><td>Secrets Manager secret holding the {@code sk_…} keys</td></tr>
 *   <tr><td>{@code GATEHOUSE_SIGNING_KEYS_SECRET}</td><td>secret holding the private signing keys (signers only)</td></tr>
 *   <tr><td>{@code GATEHOUSE_VERIFICATION_KEYS_SECRET}</td><td>secret holding the public JWKS (verifiers)</td></tr>
 *   <tr><td>{@code GATEHOUSE_TOKEN_LIFETIME_SECONDS}</td><td>token lifetime, default 3600</td></tr>
 *   <tr><td>{@code GATEHOUSE_CLOCK_SKEW_SECONDS}</td><td>allowed clock skew when verifying, default 30</td></tr>
 *   <tr><td>{@code GATEHOUSE_PROJECT_ID}</td><td>the {@code pid} and {@code aud} claims, default {@code gatehouse}</td></tr>
 *   <tr><td>{@code GATEHOUSE_ISSUER}</td><td>the {@code iss} claim and the discovery document's issuer (an
 *       {@code http(s)://} URL without a trailing slash); unset, each request's own domain is used</td></tr>
 *   <tr><td>{@code GATEHOUSE_SIGNING_ALGORITHM}</td><td>for new keys: RS256 (default) or ES256</td></tr>
 *   <tr><td>{@code GATEHOUSE_SECRET_KEYS}, {@code GATEHOUSE_SIGNING_KEYS}</td><td>inline values for
 *       {@code sam local} and tests only: refused when running in AWS Lambda</td></tr>
 *   <tr><td>{@code GATEHOUSE_DYNAMODB_ENDPOINT}</td><td>a DynamoDB endpoint override (moto, LocalStack)</td></tr>
 *   <tr><td>{@code GATEHOUSE_COGNITO_USER_ID_ATTRIBUTE}</td><td>the Cognito attribute used as user id, default {@code sub}</td></tr>
 *   <tr><td>{@code GATEHOUSE_COGNITO_TEAM_ATTRIBUTE}</td><td>the Cognito attribute holding the team(s), default {@code custom:team}</td></tr>
 *   <tr><td>{@code GATEHOUSE_PROVISIONING_QUEUE_URL}</td><td>the provisioning queue, where an unfinished tenant
 *       deletion puts its continuation</td></tr>
 *   <tr><td>{@code GATEHOUSE_CHANGE_RETENTION_DAYS}</td><td>how long the change log (the feed and the audit
 *       trail) keeps a change, default 90</td></tr>
 *   <tr><td>{@code GATEHOUSE_CHANGES_BUS}</td><td>the EventBridge bus every change is published to (the
 *       stack's; unset: none)</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>set by Lambda</td></tr>
 * </table>
 */
public record Config(
    Optional<String> tableName,
    Optional<String> region,
    Optional<URI> dynamoDbEndpoint,
    Optional<String> secretKeysSecretId,
    List<String> inlineSecretKeys,
    Optional<String> signingKeysSecretId,
    Optional<String> verificationKeysSecretId,
    Optional<String> inlineSigningKeys,
    Duration tokenLifetime,
    Duration clockSkew,
    String projectId,
    Optional<String> issuer,
    SigningAlgorithm signingAlgorithm,
    String cognitoUserIdAttribute,
    String cognitoTeamAttribute,
    Optional<String> provisioningQueueUrl,
    Duration changeRetention,
    Optional<String> changesBus) {

  public static Config fromEnv(Map<String, String> env) {
    boolean inAws = env.containsKey("AWS_LAMBDA_FUNCTION_NAME") && !"true".equals(env.get("AWS_SAM_LOCAL"));
    List<String> inlineKeys = nonBlank(env.get("GATEHOUSE_SECRET_KEYS"))
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    Optional<String> inlineSigning = nonBlank(env.get("GATEHOUSE_SIGNING_KEYS"));
    if (inAws && (!inlineKeys.isEmpty() || inlineSigning.isPresent())) {
      throw new IllegalStateException(
          "GATEHOUSE_SECRET_KEYS and GATEHOUSE_SIGNING_KEYS are for local use only; in AWS keys come from Secrets Manager");
    }
    return new Config(
        nonBlank(env.get("GATEHOUSE_TABLE")),
        nonBlank(env.get("AWS_REGION")),
        nonBlank(env.get("GATEHOUSE_DYNAMODB_ENDPOINT")).map(URI::create),
        nonBlank(env.get("GATEHOUSE_SECRET_KEYS_SECRET")),
        inlineKeys,
        nonBlank(env.get("GATEHOUSE_SIGNING_KEYS_SECRET")),
        nonBlank(env.get("GATEHOUSE_VERIFICATION_KEYS_SECRET")),
        inlineSigning,
        Duration.ofSeconds(positive(env, "GATEHOUSE_TOKEN_LIFETIME_SECONDS", 3600)),
        Duration.ofSeconds(positive(env, "GATEHOUSE_CLOCK_SKEW_SECONDS", 30)),
        nonBlank(env.get("GATEHOUSE_PROJECT_ID")).orElse("gatehouse"),
        nonBlank(env.get("GATEHOUSE_ISSUER")).map(Config::issuerUrl),
        SigningAlgorithm.fromJoseName(nonBlank(env.get("GATEHOUSE_SIGNING_ALGORITHM")).orElse("RS256")),
        nonBlank(env.get("GATEHOUSE_COGNITO_USER_ID_ATTRIBUTE")).orElse("sub"),
        nonBlank(env.get("GATEHOUSE_COGNITO_TEAM_ATTRIBUTE")).orElse("custom:team"),
        nonBlank(env.get("GATEHOUSE_PROVISIONING_QUEUE_URL")),
        Duration.ofDays(positive(env, "GATEHOUSE_CHANGE_RETENTION_DAYS", 90)),
        nonBlank(env.get("GATEHOUSE_CHANGES_BUS")));
  }

  /** The table, for the paths that need one. */
  public String requireTable() {
    return tableName.orElseThrow(() -> new IllegalStateException("GATEHOUSE_TABLE is not set"));
  }

  /** An issuer must match a verifier's configuration character for character: one spelling only. */
  private static String issuerUrl(String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("GATEHOUSE_ISSUER must be a URL such as https://auth.example.com");
    }
    boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
    if (!web || uri.getHost() == null || value.endsWith("/") || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalStateException("GATEHOUSE_ISSUER must be an https:// URL without a trailing slash, query or fragment");
    }
    return value;
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    Optional<String> value = nonBlank(env.get(name));
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed <= 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a positive number of seconds");
    }
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
