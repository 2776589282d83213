package dev.gatehouse.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Where a room or user sits in a listing, as a string every backend sorts the same way (by UTF-8
 * bytes, as DynamoDB compares sort keys): {@code <created>#<id>} for creation order, the id for id
 * order. {@code <created>} is fixed-width ISO-8601 in UTC with milliseconds, so it sorts by time.
 */
public final class Positions {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Positions() {}

  /** Creation order, then id: {@code <created>#<id>}. */
  public static String created(Instant createdAt, String id) {
    return timestamp(createdAt) + "#" + id;
  }

  /** The fixed-width UTC timestamp stored and sorted on (millisecond precision). */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
