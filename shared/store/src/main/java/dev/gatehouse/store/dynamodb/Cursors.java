package dev.gatehouse.store.dynamodb;

import dev.gatehouse.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Opaque page cursors. A cursor is the position of the last room a page covered, in the
 * creation order every listing uses ({@code <created>#<roomId>}), encoded so that clients treat
 * it as opaque. It names no partition: the next request's own parameters decide what is read, so a
 * cursor cannot widen what a caller may list.
 */
final class Cursors {
  private static final String VERSION = "1|";
  private static final Pattern POSITION =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#.+$", Pattern.DOTALL);

  private Cursors() {}

  static String encode(String position) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((VERSION + position).getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(VERSION) && POSITION.matcher(text.substring(VERSION.length())).matches()) {
        return text.substring(VERSION.length());
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    throw new InvalidInputException(
        "INVALID_CURSOR",
        "startingAfter",
        "startingAfter is not a cursor returned by this API",
        "Pass the nextCursor of the previous page unchanged, or leave startingAfter out for the first page.");
  }
}
