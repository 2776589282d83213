package dev.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.service.keys.SigningKeyManager;
import dev.gatehouse.testing.MotoServer;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The signing-key store on Secrets Manager, as moto serves it: what the signing-keys function rotates. */
class SecretsManagerKeyStoreIT {
  private final SecretsManagerClient secrets = SecretsManagerClient.builder()
      .endpointOverride(MotoServer.shared().endpoint())
      .region(Region.US_EAST_1)
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
      .httpClient(UrlConnectionHttpClient.create())
      .build();
  private final String signing = "signing-" + UUID.randomUUID();
  private final String verification = "verification-" + UUID.randomUUID();

  private String created(String name, String value) {
    secrets.createSecret(r -> r.name(name).secretString(value));
    return name;
  }

  private String read(String id) {
    return secrets.getSecretValue(r -> r.secretId(id)).secretString();
  }

  @Test
  void writesThePrivateSetAndThePublicJwksToTheirOwnSecrets() {
    SecretsManagerKeyStore store = new SecretsManagerKeyStore(secrets, created(signing, "{}"), created(verification, "{}"));
    store.write("{\"private\":1}", "{\"keys\":[]}");
    assertEquals("{\"private\":1}", read(signing));
    assertEquals("{\"keys\":[]}", read(verification));
    assertEquals("{\"private\":1}", store.readSigningKeys().orElseThrow());
  }

  @Test
  void aRotationThroughTheManagerPublishesOnlyPublicKeys() {
    SecretsManagerKeyStore store = new SecretsManagerKeyStore(secrets, created(signing, " "), created(verification, " "));
    SigningKeyManager manager = new SigningKeyManager(store, Clock.systemUTC(), Duration.ofHours(2));
    String first = manager.ensure(SigningAlgorithm.ES256);
    String second = manager.rotate(SigningAlgorithm.ES256);
    assertNotEquals(first, second);
    KeySet stored = KeySet.parse(read(signing), Instant.now());
    assertEquals(second, stored.signingKey().orElseThrow().kid());
    String jwks = read(verification);
    assertTrue(jwks.contains(first) && jwks.contains(second), "both kids verify during the overlap");
    assertTrue(!jwks.contains("\"d\""), "no private exponent in the public secret");
  }

  @Test
  void aSecretThatDoesNotExistIsAnAwsErrorNotAnEmptyStore() {
    SecretsManagerKeyStore store = new SecretsManagerKeyStore(secrets, signing, verification);
    assertThrows(ResourceNotFoundException.class, store::readSigningKeys);
  }
}
