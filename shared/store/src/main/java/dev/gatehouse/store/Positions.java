package dev.gatehouse.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * Where a room or user sits in a listing, as a string every backend sorts the same way (by UTF-8
 * bytes, as DynamoDB compares sort keys): {@code <created>#<id>} for creation order, the id for id
 * order. {@code <created>} is fixed-width ISO-8601 in UTC with milliseconds, so it sorts by time.
 */
public final class Positions {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * The order positions sort in: by code point, which is the order of their UTF-8 bytes (how
   * DynamoDB compares sort keys, and SQLite's BINARY collation). Not {@link String#compareTo},
   * which compares UTF-16 units and puts U+1F600 before U+FFFD.
   */
  public static final Comparator<String> ORDER = Positions::compare;

  private Positions() {}

  private static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Creation order, then id: {@code <created>#<id>}. */
  public static String created(Instant createdAt, String id) {
    return timestamp(createdAt) + "#" + id;
  }

  /** The fixed-width UTC timestamp stored and sorted on (millisecond precision). */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
