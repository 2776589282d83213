package dev.gatehouse.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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
        "AWS_REGION", "eu-west-1",
        "AWS_LAMBDA_FUNCTION_NAME", "GetRoom"));
    assertEquals("gatehouse-prod", config.tableName());
    assertEquals(Optional.of("eu-west-1"), config.region());
    assertEquals(Optional.of("arn:aws:secretsmanager:eu-west-1:1:secret:keys"), config.secretKeysSecretId());
    assertEquals(List.of(), config.inlineSecretKeys());
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
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Config.fromEnv(Map.of(
        "GATEHOUSE_TABLE", "t", "GATEHOUSE_SECRET_KEYS", "sk_a_0123456789abcdef", "AWS_LAMBDA_FUNCTION_NAME", "GetRoom")));
    assertTrue(e.getMessage().contains("local use only"));
    assertTrue(!e.getMessage().contains("sk_a_0123456789abcdef"), "the key is not echoed");
  }

  @Test
  void aTableAndAKeySourceAreRequired() {
    assertThrows(IllegalStateException.class, () -> Config.fromEnv(Map.of("GATEHOUSE_SECRET_KEYS", "sk_a_0123456789abcdef")));
    assertThrows(IllegalStateException.class, () -> Config.fromEnv(Map.of("GATEHOUSE_TABLE", "t")));
  }
}
