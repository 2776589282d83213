package dev.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.tokens.SigningAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void readsTheEnvironment() {
    Config config = Config.fromEnv(Map.of(
        "GATEHOUSE_TABLE", "gatehouse-prod",
        "GATEHOUSE_SECRET_KEYS_SECRET", "arn:aws:secretsmanager:eu-west-1:1:secret:keys",
        "GATEHOUSE_SIGNING_KEYS_SECRET", "signing",
        "GATEHOUSE_VERIFICATION_KEYS_SECRET", "verification",
        "GATEHOUSE_TOKEN_LIFETIME_SECONDS", "900",
        "GATEHOUSE_PROJECT_ID", "prod",
        "GATEHOUSE_SIGNING_ALGORITHM", "RS256",
        "AWS_REGION", "eu-west-1",
        "AWS_LAMBDA_FUNCTION_NAME", "GetRoom"));
    assertEquals("gatehouse-prod", config.requireTable());
    assertEquals(Optional.of("eu-west-1"), config.region());
    assertEquals(Optional.of("arn:aws:secretsmanager:eu-west-1:1:secret:keys"), config.secretKeysSecretId());
    assertEquals(Optional.of("signing"), config.signingKeysSecretId());
    assertEquals(Optional.of("verification"), config.verificationKeysSecretId());
    assertEquals(Duration.ofMinutes(15), config.tokenLifetime());
    assertEquals(Duration.ofSeconds(30), config.clockSkew());
    assertEquals("prod", config.projectId());
    assertEquals(SigningAlgorithm.RS256, config.signingAlgorithm());
    assertEquals(List.of(), config.inlineSecretKeys());
  }

  @Test
  void defaults() {
    Config config = Config.fromEnv(Map.of());
    assertEquals(Duration.ofHours(1), config.tokenLifetime(), "tokens live one hour by default");
    assertEquals("gatehouse", config.projectId());
    assertEquals(SigningAlgorithm.RS256, config.signingAlgorithm());
    IllegalStateException e = assertThrows(IllegalStateException.class, config::requireTable);
    assertTrue(e.getMessage().contains("GATEHOUSE_TABLE"));
  }

  @Test
  void inlineKeysWorkLocallyAndUnderSamLocal() {
    Config local = Config.fromEnv(Map.of("GATEHOUSE_TABLE", "t", "GATEHOUSE_SECRET_KEYS", " sk_a_0123456789abcdef , sk_b_0123456789abcdef ",
        "GATEHOUSE_DYNAMODB_ENDPOINT", "http://localhost:8000"));
    assertEquals(List.of("sk_a_0123456789abcdef", "sk_b_0123456789abcdef"), local.inlineSecretKeys());
    assertEquals(Optional.of(URI.create("http://localhost:8000")), local.dynamoDbEndpoint());
    Config sam = Config.fromEnv(Map.of("GATEHOUSE_TABLE", "t", "GATEHOUSE_SECRET_KEYS", "sk_a_0123456789abcdef",
        "AWS_LAMBDA_FUNCTION_NAME", "GetRoom", "AWS_SAM_LOCAL", "true"));
    assertEquals(1, sam.inlineSecretKeys().size());
  }

  @Test
  void inlineKeysAreRefusedInAws() {
    for (String variable : List.of("GATEHOUSE_SECRET_KEYS", "GATEHOUSE_SIGNING_KEYS")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Config.fromEnv(Map.of(
          "GATEHOUSE_TABLE", "t", variable, "sk_a_0123456789abcdef", "AWS_LAMBDA_FUNCTION_NAME", "GetRoom")));
      assertTrue(e.getMessage().contains("local use only"));
      assertTrue(!e.getMessage().contains("sk_a_0123456789abcdef"), "the value is not echoed");
    }
  }

  @Test
  void badNumbersAreRefusedByName() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Config.fromEnv(Map.of("GATEHOUSE_TOKEN_LIFETIME_SECONDS", "-5")));
    assertTrue(e.getMessage().contains("GATEHOUSE_TOKEN_LIFETIME_SECONDS"));
  }

  @Test
  void aFunctionWithoutSomeConfigurationFailsOnlyOnThePathThatNeedsIt() {
    Gatehouse jwksOnly = Gatehouse.fromConfig(Config.fromEnv(Map.of()));
    IllegalStateException e = assertThrows(IllegalStateException.class, jwksOnly.keys()::secretKeys);
    assertTrue(e.getMessage().contains("GATEHOUSE_SECRET_KEYS_SECRET"));
    assertThrows(IllegalStateException.class, jwksOnly.store()::rooms);
  }

  @Test
  void theIssuerIsConfiguredOrDerivedFromTheRequestsDomain() {
    dev.gatehouse.api.HttpRequest viaApiGateway = new dev.gatehouse.api.HttpRequest("GET", "/", Map.of(), Map.of(), Map.of(), "", "r",
        "abc123.execute-api.eu-west-1.amazonaws.com");
    Gatehouse derived = Gatehouse.fromConfig(Config.fromEnv(Map.of("GATEHOUSE_ISSUER", "")));
    assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com", derived.access().issuer(viaApiGateway));
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> derived.access().issuer(new dev.gatehouse.api.HttpRequest("GET", "/", Map.of(), Map.of(), Map.of(), "", "r")));
    assertTrue(none.getMessage().contains("GATEHOUSE_ISSUER"));

    Gatehouse custom = Gatehouse.fromConfig(Config.fromEnv(Map.of("GATEHOUSE_ISSUER", "https://auth.example.com")));
    assertEquals("https://auth.example.com", custom.access().issuer(viaApiGateway), "a custom domain wins over the request's");
    for (String bad : List.of("https://auth.example.com/", "auth.example.com", "ftp://auth.example.com", "https://auth.example.com?x=1")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Config.fromEnv(Map.of("GATEHOUSE_ISSUER", bad)), bad);
      assertTrue(e.getMessage().contains("GATEHOUSE_ISSUER"));
    }
  }

  @Test
  void blankInlineKeysAndEndpointAreUnsetEvenInAws() {
    // template.yaml declares these for sam local with empty defaults; deployed, they stay blank.
    Config config = Config.fromEnv(Map.of("GATEHOUSE_TABLE", "t", "GATEHOUSE_SECRET_KEYS", "", "GATEHOUSE_SIGNING_KEYS", " ",
        "GATEHOUSE_DYNAMODB_ENDPOINT", "", "GATEHOUSE_ISSUER", "", "AWS_LAMBDA_FUNCTION_NAME", "GetRoom"));
    assertEquals(List.of(), config.inlineSecretKeys());
    assertEquals(Optional.empty(), config.inlineSigningKeys());
    assertEquals(Optional.empty(), config.dynamoDbEndpoint());
    assertEquals(Optional.empty(), config.issuer());
  }
}
