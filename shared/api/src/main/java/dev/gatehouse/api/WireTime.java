package dev.gatehouse.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps on the wire: ISO-8601 UTC with milliseconds, {@code 2026-11-22T21:48:23.120Z}. */
public final class WireTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private WireTime() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** A time as a caller sends one: ISO-8601, in UTC ({@code Z}) or with an offset; empty when it is not one. */
  public static java.util.Optional<Instant> parse(String text) {
    try {
      return java.util.Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException notUtc) {
      try {
        return java.util.Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
      } catch (java.time.format.DateTimeParseException notIso) {
        return java.util.Optional.empty();
      }
    }
  }
}
