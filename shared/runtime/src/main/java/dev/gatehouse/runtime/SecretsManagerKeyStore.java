package dev.gatehouse.runtime;

import dev.gatehouse.service.keys.SigningKeyManager;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The signing keys in AWS Secrets Manager: the private set in one secret, the public JWKS in
 * another, so that verifiers (and the JWKS route) are granted only the public one.
 */
public final class SecretsManagerKeyStore implements SigningKeyManager.KeyStore {
  private final SecretsManagerClient secrets;
  private final String signingKeysSecretId;
  private final String verificationKeysSecretId;

  public SecretsManagerKeyStore(SecretsManagerClient secrets, String signingKeysSecretId, String verificationKeysSecretId) {
    this.secrets = secrets;
    this.signingKeysSecretId = signingKeysSecretId;
    this.verificationKeysSecretId = verificationKeysSecretId;
  }

  @Override
  public Optional<String> readSigningKeys() {
    return Optional.ofNullable(AwsClients.readSecret(secrets, signingKeysSecretId));
  }

  /** Writes the private set first: a verifier never sees a public key whose private half is not stored. */
  @Override
  public void write(String signingKeys, String verificationKeys) {
    secrets.putSecretValue(r -> r.secretId(signingKeysSecretId).secretString(signingKeys));
    secrets.putSecretValue(r -> r.secretId(verificationKeysSecretId).secretString(verificationKeys));
  }
}
