package dev.gatehouse.tokens;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.Jwk;
import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The signing keys, newest first. New tokens are signed with the newest key that has a private
 * half; verification picks the key by the token's {@code kid}, so rotating means adding a new
 * key at the front and dropping old ones only after every token they signed has expired.
 *
 * <p>Stored form (a Secrets Manager secret, or a local file): a JWK set with private keys, each
 * key carrying a {@code created} member. The public form served as JWKS is {@link #toJwks()}.
 */
public final class KeySet {
  /** The JWK member that records when a key was made (keys are sorted on it, newest first). */
  static final String CREATED = "created";

  private final List<SigningKey> keys;

  private KeySet(List<SigningKey> keys) {
    this.keys = List.copyOf(keys);
  }

  public static KeySet of(List<SigningKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key set needs at least one key");
    }
    return new KeySet(keys);
  }

  /** A set with one new key. */
  public static KeySet generate(SigningAlgorithm algorithm, Instant now) {
    return new KeySet(List.of(newKey(algorithm, now)));
  }

  /** A new key; its kid holds the creation date and random bits. */
  public static SigningKey newKey(SigningAlgorithm algorithm, Instant now) {
    KeyPair pair = algorithm.generateKeyPair();
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String kid = "gh-" + now.toString().substring(0, 10).replace("-", "") + "-" + HexFormat.of().formatHex(random);
    return new SigningKey(kid, algorithm, pair.getPublic(), Optional.of(pair.getPrivate()), now);
  }

  /** The keys, newest first. */
  public List<SigningKey> keys() {
    return keys;
  }

  /** The key new tokens are signed with: the newest one with a private half. */
  public Optional<SigningKey> signingKey() {
    return keys.stream().filter(k -> k.privateKey().isPresent()).findFirst();
  }

  /** The key with this id. */
  public Optional<SigningKey> find(String kid) {
    return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
  }

  /** The same set without private keys: what verifiers get. */
  public KeySet publicOnly() {
    return new KeySet(keys.stream().map(SigningKey::publicOnly).toList());
  }

  /**
   * This set with a new key in front, dropping keys replaced more than {@code keep} before now
   * (keep at least the token lifetime plus the clock skew, plus how long signers may cache the
   * set, so no live token loses its key). A key's age is counted from when the next key replaced
   * it, not from its creation: the key replaced now signed tokens until now, however old it is.
   */
  public KeySet rotate(SigningAlgorithm algorithm, Instant now, Duration keep) {
    List<SigningKey> next = new ArrayList<>();
    next.add(newKey(algorithm, now));
    Instant cutoff = now.minus(keep);
    Instant replacedAt = now;
    for (SigningKey key : keys) {
      if (!replacedAt.isBefore(cutoff)) {
        next.add(key);
      }
      replacedAt = key.created();
    }
    return new KeySet(next);
  }

  /** The public JWK set, as served at {@code /.well-known/jwks.json}. */
  public String toJwks() {
    List<String> entries = new ArrayList<>();
    for (SigningKey key : keys) {
      entries.add(Jwks.json(publicJwk(key)));
    }
    return "{\"keys\":[" + String.join(",", entries) + "]}";
  }

  /** The stored form, private keys included (never log it). */
  public String toStoredJson() {
    List<String> entries = new ArrayList<>();
    for (SigningKey key : keys) {
      Jwk<?> jwk = key.privateKey().isPresent()
          ? Jwks.builder().keyPair(new KeyPair(key.publicKey(), key.privateKey().get()))
              .id(key.kid()).algorithm(key.algorithm().joseName()).add(CREATED, key.created().toString()).build()
          : Jwks.builder().key(key.publicKey()).id(key.kid()).algorithm(key.algorithm().joseName())
              .add(CREATED, key.created().toString()).build();
      entries.add(Jwks.UNSAFE_JSON(jwk));
    }
    return "{\"keys\":[" + String.join(",", entries) + "]}";
  }

  /**
   * Parses the stored form: a JWK set whose keys carry a {@code created} member, sorted newest
   * first. Keys without {@code created} count as created at {@code now}.
   *
   * @throws IllegalArgumentException on anything else; the message never contains key material
   */
  public static KeySet parse(String json, Instant now) {
    List<SigningKey> keys = new ArrayList<>();
    try {
      for (Jwk<?> jwk : Jwks.setParser().build().parse(json).getKeys()) {
        Object created = jwk.get(CREATED);
        keys.add(fromJwk(jwk, created == null ? now : Instant.parse(created.toString())));
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the signing key set cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the signing key set has no keys");
    }
    keys.sort(java.util.Comparator.comparing(SigningKey::created).reversed());
    return new KeySet(keys);
  }

  private static SigningKey fromJwk(Jwk<?> jwk, Instant created) {
    if (jwk.getId() == null || jwk.getId().isBlank()) {
      throw new IllegalArgumentException("every signing key needs a kid");
    }
    SigningAlgorithm algorithm = SigningAlgorithm.fromJoseName(jwk.getAlgorithm() != null ? jwk.getAlgorithm()
        : ("EC".equals(jwk.getType()) ? "ES256" : "RS256"));
    Key key = jwk.toKey();
    if (jwk instanceof PrivateJwk<?, ?, ?> privateJwk) {
      PublicKey publicKey = (PublicKey) privateJwk.toPublicJwk().toKey();
      return new SigningKey(jwk.getId(), algorithm, publicKey, Optional.of((PrivateKey) key), created);
    }
    if (jwk instanceof PublicJwk<?> && key instanceof PublicKey publicKey) {
      return new SigningKey(jwk.getId(), algorithm, publicKey, Optional.empty(), created);
    }
    throw new IllegalArgumentException("signing keys must be EC or RSA key pairs");
  }

  private static PublicJwk<?> publicJwk(SigningKey key) {
    return Jwks.builder().key(key.publicKey()).id(key.kid()).algorithm(key.algorithm().joseName())
        .publicKeyUse("sig").build();
  }
}
