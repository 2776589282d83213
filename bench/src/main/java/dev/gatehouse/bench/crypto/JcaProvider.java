package dev.gatehouse.bench.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Which JCA provider jjwt's signatures come from. jjwt asks for {@code SHA256withECDSA} or {@code
 * SHA256withRSA} without naming a provider, so whichever provider is first in the list serves it:
 * the JDK's own (SunEC, SunRsaSign) by default, or Amazon Corretto Crypto Provider (AWS-LC,
 * native) once installed at the top. Installing is for the whole JVM and cannot be undone, which
 * is why benchmarks that switch providers must run forked (JMH's {@code -f} of at least 1).
 */
public enum JcaProvider {
  JDK,
  ACCP;

  private static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

  /** Makes this provider the one unnamed lookups find (nothing to do for the JDK's). */
  public void install() {
    if (this == ACCP) {
      AmazonCorrettoCryptoProvider.install();
    }
  }

  /** The JCA signature name jjwt uses for the algorithm. */
  public static String jcaName(SigningAlgorithm algorithm) {
    return algorithm == SigningAlgorithm.ES256 ? "SHA256withECDSA" : "SHA256withRSA";
  }

  /**
   * Fails unless an unnamed lookup of the algorithm's signature, as jjwt makes it, lands on this
   * provider; for ACCP, also unless its native library loaded and its self-tests pass (run here,
   * outside any timing, rather than in {@link #install}: a function would not run them all).
   */
  public void requireServes(SigningAlgorithm algorithm) {
    if (this == ACCP) {
      AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
    }
    try {
      String actual = Signature.getInstance(jcaName(algorithm)).getProvider().getName();
      if (actual.equals(ACCP_NAME) != (this == ACCP)) {
        throw new IllegalStateException(jcaName(algorithm) + " comes from " + actual + ", not " + this);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
