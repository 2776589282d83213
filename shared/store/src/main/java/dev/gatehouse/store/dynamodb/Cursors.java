package dev.gatehouse.store.dynamodb;

import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.store.Ordering;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: the position of the last item a page covered, and the order it was made
 * for, encoded so clients treat it as opaque. A cursor names no partition: the next request's own
 * parameters decide what is read, so a cursor cannot widen what a caller may list.
 */
final class Cursors {
  private static final String VERSION = "2";

  private Cursors() {}

  static String encode(Ordering order, String position) {
    String text = VERSION + "|" + code(order) + "|" + position;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The position in a cursor made for {@code order}. */
  static String decode(String cursor, Ordering order) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String prefix = VERSION + "|" + code(order) + "|";
      if (text.startsWith(prefix) && text.length() > prefix.length()) {
        return text.substring(prefix.length());
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    throw new InvalidInputException(
        "INVALID_CURSOR",
        "startingAfter",
        "startingAfter is not a cursor returned by this API for this query and sort",
        "Pass the nextCursor of the previous page unchanged, with the same sort, or leave startingAfter out for the first page.");
  }

  private static String code(Ordering order) {
    return (order.field() == Ordering.Field.CREATED_AT ? "c" : "i") + (order.descending() ? "-" : "+");
  }
}
