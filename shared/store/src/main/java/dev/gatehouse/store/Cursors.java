package dev.gatehouse.store;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.permissions.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Opaque page cursors: the position of the last item a page covered, and the order it was made
 * for, encoded so clients treat it as opaque. A cursor names no partition: the next request's own
 * parameters decide what is read, so a cursor cannot widen what a caller may list.
 *
 * <p>Shared by every backend: a position is {@code <created>#<id>} or {@code <id>} ({@link
 * Positions}), whatever the engine, so cursors look and fail alike on DynamoDB and SQL.
 */
public final class Cursors {
  private static final String VERSION = "2";
  /** The longest id a position can end in: a room id or a user id. */
  private static final int ID_MAX_LENGTH = Math.max(Limits.ROOM_ID_MAX_LENGTH, Limits.USER_ID_MAX_LENGTH);
  /** {@code <created>#}, as {@link Positions#created} writes it. */
  private static final Pattern CREATED_PREFIX = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#");
  private static final int CREATED_PREFIX_LENGTH = "2026-11-22T21:48:23.120Z#".length();
  /**
   * Longer than any cursor {@link #encode} makes (the longest id at 3 bytes of UTF-8 a character,
   * in base64), so a huge forged one is refused before it is decoded.
   */
  private static final int CURSOR_MAX_LENGTH = 1024;

  private Cursors() {}

  public static String encode(Ordering order, String position) {
    String text = VERSION + "|" + code(order) + "|" + position;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position in a cursor made for {@code order}. A position is checked for the shape a page
   * could have produced: a forged one (a key over DynamoDB's size limits) never reaches a query.
   */
  public static String decode(String cursor, Ordering order) {
    try {
      if (cursor.length() <= CURSOR_MAX_LENGTH) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String prefix = VERSION + "|" + code(order) + "|";
        if (text.startsWith(prefix) && isPosition(text.substring(prefix.length()), order)) {
          return text.substring(prefix.length());
        }
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    // 400: a cursor is the service's own token, not a value the caller chose; no change of it can be valid.
    throw new InvalidRequestException(
        ErrorCode.INVALID_CURSOR,
        "startingAfter is not a cursor returned by this API for this query and sort",
        "Pass the nextCursor of the previous page unchanged, with the same sort, or leave startingAfter out for the first page.");
  }

  /** {@code <created>#<id>} or {@code <id>}, as the listings order rooms and users. */
  private static boolean isPosition(String position, Ordering order) {
    String id = position;
    if (order.field() == Ordering.Field.CREATED_AT) {
      if (position.length() < CREATED_PREFIX_LENGTH
          || !CREATED_PREFIX.matcher(position.substring(0, CREATED_PREFIX_LENGTH)).matches()) {
        return false;
      }
      id = position.substring(CREATED_PREFIX_LENGTH);
    }
    return !id.isEmpty() && id.length() <= ID_MAX_LENGTH;
  }

  private static String code(Ordering order) {
    return (order.field() == Ordering.Field.CREATED_AT ? "c" : "i") + (order.descending() ? "-" : "+");
  }
}
