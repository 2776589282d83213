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
}
