package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A room id pattern of an access token: an exact room id, a prefix ending in {@code *}, or
 * {@code *} alone for every room. The syntax is the Liveblocks one, {@code
 * ^([*]|[^*]{1,128}[*]?)$}.
 */
public record RoomPattern(String value) {
  private static final Pattern SYNTAX = Pattern.compile("^([*]|[^*]{1,128}[*]?)$");

  /**
   * Parses a pattern.
   *
   * @throws InvalidInputException {@code INVALID_PATTERN} naming the pattern when it breaks the syntax
   */
  public static RoomPattern parse(String value, String field) {
    if (value == null || !SYNTAX.matcher(value).matches()) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PATTERN,
          field,
          "Invalid room pattern \""
              + value
              + "\" in "
              + field
              + ": use a room id of 1 to 128 characters, optionally ending in *, or * alone",
          "Examples: \"my-room\", \"org1:project:*\", \"*\".");
    }
    return new RoomPattern(value);
  }

  /** True for a prefix pattern (including {@code *}). */
  public boolean isPrefix() {
    return value.endsWith("*");
  }

  /** The id or prefix this pattern matches, without the {@code *}. */
  public String stem() {
    return isPrefix() ? value.substring(0, value.length() - 1) : value;
  }

  /** True when this pattern covers the room id. */
  public boolean matches(String roomId) {
    return isPrefix() ? roomId.startsWith(stem()) : value.equals(roomId);
  }

  /** Longer stems are more specific; {@code *} is the least specific (0). */
  public int specificity() {
    return stem().length();
  }

  @Override
  public String toString() {
    return value;
  }
}
