package dev.gatehouse.service.rooms;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.store.Room;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A filter in the Liveblocks room query language, as {@code GET /v2/rooms?query=…} takes it.
 *
 * <pre>
 * query     := condition ( [AND] condition )*          AND is optional and case-insensitive
 * condition := roomId ^ string                         id starts with
 *            | roomId : string                         id equals
 *            | metadata [ string ] : string            a string metadata value equals
 * string    := '…' | "…"                               backslash escapes the next character
 * </pre>
 *
 * This is what the official SDK emits ({@code roomId^'a' metadata['k']:'v'}, and double quotes
 * with JSON escapes when a value holds a single quote) and what the Liveblocks docs show. Only
 * string metadata values match; arrays never do. Anything else is rejected with {@code
 * INVALID_QUERY} and a message that says where.
 */
public record RoomQuery(List<Condition> conditions) implements Predicate<Room> {

  /** One condition; all must hold. */
  public sealed interface Condition extends Predicate<Room> {}

  public record RoomIdPrefix(String prefix) implements Condition {
    @Override
    public boolean test(Room room) {
      return room.id().startsWith(prefix);
    }
  }

  public record RoomIdEquals(String id) implements Condition {
    @Override
    public boolean test(Room room) {
      return room.id().equals(id);
    }
  }

  public record MetadataEquals(String key, String value) implements Condition {
    @Override
    public boolean test(Room room) {
      return value.equals(room.metadata().get(key));
    }
  }

  public RoomQuery {
    conditions = List.copyOf(conditions);
  }

  /** The query that matches every room. */
  public static final RoomQuery ALL = new RoomQuery(List.of());

  @Override
  public boolean test(Room room) {
    for (Condition c : conditions) {
      if (!c.test(room)) {
        return false;
      }
    }
    return true;
  }

  /** Parses a query; a blank query matches every room. */
  public static RoomQuery parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    return new Parser(text).query();
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    RoomQuery query() {
      List<Condition> conditions = new ArrayList<>();
      skipSpaces();
      conditions.add(condition());
      while (true) {
        boolean spaced = skipSpaces();
        if (atEnd()) {
          return new RoomQuery(conditions);
        }
        int before = pos;
        String word = peekIdentifier();
        if (word.equalsIgnoreCase("and")) {
          pos += word.length();
          if (!skipSpaces() || atEnd()) {
            throw error(atEnd() ? "Expected a condition after AND but the query ended" : "Expected a space after AND", pos);
          }
        } else if (word.equalsIgnoreCase("or")) {
          throw error("OR is not supported: conditions are joined by AND", before);
        } else if (!spaced && text.charAt(pos - 1) != '\'' && text.charAt(pos - 1) != '"') {
          throw error("Expected AND or the end of the query", pos);
        }
        conditions.add(condition());
      }
    }

    private Condition condition() {
      int start = pos;
      if (atEnd()) {
        throw error("Expected a condition but the query ended", pos);
      }
      char c = text.charAt(pos);
      if (c == '-' || c == '!') {
        throw error("Negation of conditions is not supported", pos);
      }
      if (c == '(') {
        throw error("Parentheses are not supported: conditions are joined by AND", pos);
      }
      String field = peekIdentifier();
      if (field.isEmpty()) {
        throw error("Expected a field (roomId or metadata['key']) but found '" + c + "'", pos);
      }
      pos += field.length();
      skipSpaces();
      switch (field) {
        case "roomId" -> {
          char op = expectOneOf("^:", "'^' or ':' after roomId");
          skipSpaces();
          int valueAt = pos;
          String value = string("roomId");
          if (op == '^') {
            if (value.isEmpty()) {
              throw error("Prefix matches cannot be empty", valueAt);
            }
            return new RoomIdPrefix(value);
          }
          return new RoomIdEquals(value);
        }
        case "metadata" -> {
          expectOneOf("[", "'[' after metadata");
          skipSpaces();
          int keyAt = pos;
          String key = string("the metadata key");
          if (key.isBlank()) {
            throw error("Key of 'metadata' cannot be empty", keyAt);
          }
          skipSpaces();
          expectOneOf("]", "']' after the metadata key");
          skipSpaces();
          int opAt = pos;
          if (atEnd() || text.charAt(pos) != ':') {
            throw error("Invalid operator for field 'metadata[\"" + key + "\"]': only ':' (equals) is supported", opAt);
          }
          pos++;
          skipSpaces();
          return new MetadataEquals(key, string("metadata[\"" + key + "\"]"));
        }
        default -> throw error("Invalid field: '" + field + "' (use roomId or metadata['key'])", start);
      }
    }

    private String string(String what) {
      if (atEnd()) {
        throw error("Expected a quoted string for " + what + " but the query ended", pos);
      }
      char quote = text.charAt(pos);
      if (quote != '\'' && quote != '"') {
        int end = pos;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
          end++;
        }
        throw error("Expected a quoted string for " + what + " but found " + text.substring(pos, end)
            + " (values are quoted: 'value' or \"value\")", pos);
      }
      int start = pos;
      pos++;
      StringBuilder out = new StringBuilder();
      while (!atEnd()) {
        char c = text.charAt(pos++);
        if (c == quote) {
          return out.toString();
        }
        if (c == '\\') {
          if (atEnd()) {
            break;
          }
          char escaped = text.charAt(pos++);
          out.append(switch (escaped) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> escaped;
          });
        } else {
          out.append(c);
        }
      }
      throw error("Unterminated string", start);
    }

    private char expectOneOf(String options, String what) {
      if (atEnd() || options.indexOf(text.charAt(pos)) < 0) {
        throw error("Expected " + what + (atEnd() ? " but the query ended" : " but found '" + text.charAt(pos) + "'"), pos);
      }
      return text.charAt(pos++);
    }

    private String peekIdentifier() {
      int end = pos;
      while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        end++;
      }
      return text.substring(pos, end);
    }

    private boolean skipSpaces() {
      int start = pos;
      while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      return pos > start;
    }

    private boolean atEnd() {
      return pos >= text.length();
    }

    private InvalidInputException error(String message, int at) {
      return new InvalidInputException(
          ErrorCode.INVALID_QUERY,
          "query",
          "Invalid query: " + message + " (at 1:" + (at + 1) + ")",
          "Write conditions such as roomId^'prefix' AND metadata['key']:'value'; values are quoted strings.");
    }
  }
}
