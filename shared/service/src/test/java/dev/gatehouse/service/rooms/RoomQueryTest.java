package dev.gatehouse.service.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.rooms.RoomQuery.MetadataEquals;
import dev.gatehouse.service.rooms.RoomQuery.RoomIdEquals;
import dev.gatehouse.service.rooms.RoomQuery.RoomIdPrefix;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Liveblocks room query language, as the docs show it and as the official SDK emits it. */
class RoomQueryTest {

  @Test
  void documentedForms() {
    assertEquals(List.of(new RoomIdPrefix("liveblocks:")), RoomQuery.parse("roomId^'liveblocks:'").conditions());
    assertEquals(List.of(new MetadataEquals("roomType", "whiteboard")),
        RoomQuery.parse("metadata['roomType']:'whiteboard'").conditions());
    assertEquals(List.of(new RoomIdPrefix("liveblocks:"), new MetadataEquals("roomType", "whiteboard")),
        RoomQuery.parse("roomId^'liveblocks:' AND metadata['roomType']:'whiteboard'").conditions());
    assertEquals(List.of(new MetadataEquals("roomType", "whiteboard"), new RoomIdPrefix("liveblocks:engineering")),
        RoomQuery.parse("metadata[\"roomType\"]:\"whiteboard\" AND roomId^\"liveblocks:engineering\"").conditions());
  }

  @Test
  void whatTheSdkEmits() {
    // objectToQuery: space-joined, single quotes; double quotes with JSON escapes when a value holds '.
    assertEquals(List.of(new RoomIdPrefix("a"), new MetadataEquals("k", "v")),
        RoomQuery.parse("roomId^'a' metadata['k']:'v'").conditions());
    assertEquals(List.of(new MetadataEquals("owner", "O'Brien \"Bob\"")),
        RoomQuery.parse("metadata['owner']:\"O'Brien \\\"Bob\\\"\"").conditions());
  }

  @Test
  void looseSpacingLowercaseAndAndExactIds() {
    assertEquals(List.of(new RoomIdPrefix("x"), new MetadataEquals("k", "v")),
        RoomQuery.parse("  roomId ^ 'x'   and   metadata [ 'k' ] : 'v' ").conditions());
    assertEquals(List.of(new RoomIdEquals("r1")), RoomQuery.parse("roomId:'r1'").conditions());
    assertEquals(List.of(new MetadataEquals("a", "x"), new RoomIdPrefix("y")),
        RoomQuery.parse("metadata['a']:'x'AND roomId^'y'").conditions());
    assertEquals(List.of(new MetadataEquals("a", "it's"), new MetadataEquals("b", "back\\slash")),
        RoomQuery.parse("metadata['a']:'it\\'s' metadata['b']:'back\\\\slash'").conditions());
  }

  @Test
  void blankMatchesEverything() {
    assertEquals(RoomQuery.ALL, RoomQuery.parse(""));
    assertEquals(RoomQuery.ALL, RoomQuery.parse("   "));
    assertEquals(RoomQuery.ALL, RoomQuery.parse(null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "foo:'x'                                 | Invalid field: 'foo' (use roomId or metadata['key']) (at 1:1)",
      "ROOMID^'x'                              | Invalid field: 'ROOMID'",
      "hasThreads:true                         | Invalid field: 'hasThreads'",
      "roomId>3                                | Expected '^' or ':' after roomId but found '>' (at 1:7)",
      "roomId^x                                | Expected a quoted string for roomId but found x",
      "roomId^''                               | Prefix matches cannot be empty (at 1:8)",
      "metadata['a']^'x'                       | Invalid operator for field 'metadata[\"a\"]'",
      "metadata['a']:3                         | Expected a quoted string for metadata[\"a\"] but found 3",
      "metadata.a:'x'                          | Expected '[' after metadata but found '.'",
      "metadata['']:'x'                        | Key of 'metadata' cannot be empty",
      "metadata[a]:'x'                         | Expected a quoted string for the metadata key but found a]:'x'",
      "roomId^'a' OR roomId^'b'                | OR is not supported",
      "-metadata['a']:'x'                      | Negation of conditions is not supported",
      "(roomId^'x')                            | Parentheses are not supported",
      "roomId^'a' AND                          | Expected a condition after AND but the query ended",
      "roomId^'unterminated                    | Unterminated string (at 1:8)",
  })
  void malformedQueriesAreRejectedWithWhere(String query, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> RoomQuery.parse(query));
    assertEquals("INVALID_QUERY", e.code());
    assertEquals("query", e.field());
    assertTrue(e.getMessage().contains(message), () -> e.getMessage() + " lacks " + message);
  }
}
