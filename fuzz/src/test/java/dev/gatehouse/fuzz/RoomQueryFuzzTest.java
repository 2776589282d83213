package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.check;
import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.rooms.RoomQuery.Condition;
import dev.gatehouse.service.rooms.RoomQuery.MetadataEquals;
import dev.gatehouse.service.rooms.RoomQuery.RoomIdEquals;
import dev.gatehouse.service.rooms.RoomQuery.RoomIdPrefix;
import dev.gatehouse.service.rooms.RoomQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The room query language of {@code GET /v2/rooms?query=…}: any text parses or is a 422 {@code
 * INVALID_QUERY}; a parsed query printed the way the SDK writes it parses back to itself.
 */
class RoomQueryFuzzTest {

  @FuzzTest
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Optional<RoomQuery> parsed = parseOrRefuse(() -> RoomQuery.parse(text), InvalidInputException.class);
    parsed.ifPresent(query -> check(RoomQuery.parse(print(query, true)).equals(query), "parse(print(parse(text))) is parse(text)"));
  }

  /** Queries built from parts, printed with either quote and either joiner: always the same query back. */
  @FuzzTest
  void printed(FuzzedDataProvider data) {
    int count = data.consumeInt(1, 6);
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      conditions.add(switch (data.consumeInt(0, 2)) {
        case 0 -> new RoomIdPrefix(nonEmpty(data.consumeString(60)));
        case 1 -> new RoomIdEquals(data.consumeString(60));
        default -> new MetadataEquals(nonBlank(data.consumeString(40)), data.consumeString(60));
      });
    }
    RoomQuery query = new RoomQuery(conditions);
    check(RoomQuery.parse(print(query, data.consumeBoolean())).equals(query), "parse(print(query)) is the query");
  }

  private static String nonEmpty(String s) {
    return s.isEmpty() ? "r" : s;
  }

  private static String nonBlank(String s) {
    return s.isBlank() ? "k" + s : s;
  }

  /** The query as the SDK writes it: {@code roomId^'a' AND metadata['k']:'v'}. */
  static String print(RoomQuery query, boolean singleQuotes) {
    List<String> parts = new ArrayList<>();
    for (Condition c : query.conditions()) {
      parts.add(switch (c) {
        case RoomIdPrefix p -> "roomId^" + quote(p.prefix(), singleQuotes);
        case RoomIdEquals e -> "roomId:" + quote(e.id(), singleQuotes);
        case MetadataEquals m -> "metadata[" + quote(m.key(), singleQuotes) + "]:" + quote(m.value(), singleQuotes);
      });
    }
    return String.join(singleQuotes ? " AND " : " ", parts);
  }

  private static String quote(String value, boolean single) {
    char q = single ? '\'' : '"';
    StringBuilder out = new StringBuilder().append(q);
    for (char c : value.toCharArray()) {
      if (c == q || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append(q).toString();
  }
}
