package dev.gatehouse.tokens;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.security.KeyPair;

/**
 * The signature algorithms Gatehouse signs with. Both are asymmetric, so verifiers only ever hold
 * public keys. RS256 is the default: a token is verified on every connection but signed once per
 * login, RS256 verifies 11-17x faster than ES256 on the JDK's provider, and it is what API
 * Gateway's built-in JWT authorizer accepts. ES256 signs about 5x faster and makes shorter
 * tokens (docs/performance.md).
 */
public enum SigningAlgorithm {
  ES256("ES256"),
  RS256("RS256");

  // By name, not by jjwt's object: naming the algorithm (reading the configuration) must not
  // load jjwt's algorithm registry, which a function that never touches a token need not pay for.
  private final String joseName;

  SigningAlgorithm(String joseName) {
    this.joseName = joseName;
  }

  /** The JOSE name ({@code alg}). */
  public String joseName() {
    return joseName;
  }

  SignatureAlgorithm jjwt() {
    return this == ES256 ? Jwts.SIG.ES256 : Jwts.SIG.RS256;
  }

  /** A new key pair (P-256 for ES256, 2048-bit RSA for RS256). */
  public KeyPair generateKeyPair() {
    return jjwt().keyPair().build();
  }

  /** The algorithm for a JOSE name. */
  public static SigningAlgorithm fromJoseName(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.joseName().equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unsupported signing algorithm " + name + "; use ES256 or RS256");
  }
}
