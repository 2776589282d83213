package dev.gatehouse.telemetry;

import java.util.regex.Pattern;

/**
 * Keeps credentials out of what is logged: secret keys ({@code sk_...}), webhook secrets
 * ({@code whsec_...}), JWTs (three base64url parts, the first a JSON header) and bearer values.
 * A last line of defence for exception messages; the lines themselves never carry a body,
 * header or token.
 */
public final class Scrub {
  private static final Pattern SECRETS = Pattern.compile(
      "(?i)\\b(?:sk|whsec)_[A-Za-z0-9_\\-+/=]+|eyJ[A-Za-z0-9_\\-]*\\.[A-Za-z0-9_\\-]*\\.[A-Za-z0-9_\\-]*|(?<=bearer )\\S+");

  private Scrub() {}

  public static String secrets(String text) {
    return text == null ? null : SECRETS.matcher(text).replaceAll("[redacted]");
  }

  /** The text with a quoted user id ('alice' or "alice") replaced, for lines that must not name users. */
  public static String userId(String text, String userId) {
    if (text == null || userId == null || userId.isEmpty()) {
      return text;
    }
    return text.replace("'" + userId + "'", "'[user]'").replace("\"" + userId + "\"", "\"[user]\"");
  }
}
