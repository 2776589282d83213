package dev.gatehouse.api;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.ForbiddenException;
import dev.gatehouse.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server's secret keys ({@code sk_…}) and the check of an {@code Authorization: Bearer}
 * header against them. Several keys may be active at once, so rotating means adding the new key,
 * moving clients to it, then removing the old one. The comparison is constant-time: every
 * configured key is compared (as SHA-256 digests, so lengths leak nothing) whatever matches.
 */
public final class SecretKeys {
  /** The format the official SDK accepts: {@code sk_} then letters, digits, {@code _} or {@code -}. */
  public static final Pattern FORMAT = Pattern.compile("^sk_[\\w-]{16,}$");

  private final List<byte[]> digests;

  private SecretKeys(List<byte[]> digests) {
    this.digests = digests;
  }

  /**
   * The given keys.
   *
   * @throws IllegalArgumentException naming the position (never the value) of a malformed key
   */
  public static SecretKeys of(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one secret key is required");
    }
    for (int i = 0; i < keys.size(); i++) {
      if (!FORMAT.matcher(keys.get(i)).matches()) {
        throw new IllegalArgumentException("secret key #" + (i + 1) + " is not of the form sk_ followed by at least 16 of [A-Za-z0-9_-]");
      }
    }
    return new SecretKeys(keys.stream().map(SecretKeys::digest).toList());
  }

  /** A new random key: {@code sk_} and 43 URL-safe characters (256 bits). */
  public static String generate() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /**
   * Checks the request's {@code Authorization} header.
   *
   * @return the key's id ({@link #idOf}), what the audit trail records instead of the key
   * @throws UnauthenticatedException 401 without a bearer secret key (or with a public key)
   * @throws ForbiddenException 403 for a key that is not one of ours
   */
  public String authenticate(HttpRequest request) {
    String header = request.header("authorization").orElse("").trim();
    if (header.isEmpty() || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new UnauthenticatedException(ErrorCode.MISSING_SECRET_KEY, "Missing secret key in authentication header.",
          "Send Authorization: Bearer sk_… with one of this Gatehouse's secret keys.");
    }
    String presented = header.substring(7).trim();
    if (presented.startsWith("pk_")) {
      throw new UnauthenticatedException(ErrorCode.WRONG_KEY_USED, "Public key instead of the secret key.",
          "Server-side routes need a secret key (sk_…).");
    }
    if (!matches(presented)) {
      throw new ForbiddenException(ErrorCode.INVALID_SECRET_KEY, "Invalid secret key.",
          "Use one of this Gatehouse's secret keys; `./gatehouse serve` prints the local one.");
    }
    return idOf(presented);
  }

  /**
   * A key's id: {@code sk-} and the first 12 hex digits of its SHA-256, which name the key in
   * the audit trail and tell keys apart without revealing them.
   */
  public static String idOf(String key) {
    return "sk-" + java.util.HexFormat.of().formatHex(digest(key), 0, 6);
  }

  /** True when the key is one of ours; takes the same time whichever key matches. */
  public boolean matches(String presented) {
    byte[] candidate = digest(presented);
    boolean found = false;
    for (byte[] key : digests) {
      found |= MessageDigest.isEqual(key, candidate);
    }
    return found;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
