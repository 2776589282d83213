package dev.gatehouse.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessLineTest {
  private final List<String> lines = new ArrayList<>();

  @AfterEach
  void off() {
    AccessLog.off();
  }

  @Test
  void credentialsAreScrubbedFromAnyText() {
    String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
    String scrubbed = Scrub.secrets("key sk_live_abc123 token " + jwt + " hook whsec_Zm9v Bearer opaque-value end");
    assertEquals("key [redacted] token [redacted] hook [redacted] Bearer [redacted] end", scrubbed);
  }

  @Test
  void aQuotedUserIdIsReplacedButOtherTextIsNot() {
    assertEquals("usersAccesses entry for '[user]' grants *:write (al)",
        Scrub.userId("usersAccesses entry for 'al' grants *:write (al)", "al"));
  }

  @Test
  void theJsonLineEscapesEveryControlCharacterAndLeavesOutWhatIsUnknown() {
    AccessLog.configure(AccessLog.Format.JSON, AccessLine.Level.INFO, false, lines::add);
    try (RequestNotes notes = RequestNotes.open()) {
      RequestNotes.decision("NO_ROOM_ACCESS", "quote \" backslash \\ newline \n tab \t bell \u0007 for 'u1'");
      RequestNotes.user("u1");
      AccessLog.write("F", "POST /x", 403, notes, 1.234, true, "r", "", null);
    }
    String line = lines.getFirst();
    assertFalse(line.contains("\n"));
    assertTrue(line.contains("\"reason\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 for '[user]'\""), line);
    assertTrue(line.contains("\"latencyMs\":1.23"), line);
    assertFalse(line.contains("lambdaRequestId"), "empty ids are left out: " + line);
    assertFalse(line.contains("userId"), line);
  }

  @Test
  void notingOutsideARequestDoesNothing() {
    RequestNotes.tenant("t");
    RequestNotes.decision("R", "r");
    assertFalse(RequestNotes.hasDecision());
    try (RequestNotes notes = RequestNotes.open()) {
      assertEquals(null, notes.tenant(), "nothing carried over from outside the request");
    }
  }

  @Test
  void levelsFollowLambdasNamesAndAFiveHundredIsAnError() {
    assertEquals(AccessLine.Level.WARN, AccessLine.Level.parse("warn", AccessLine.Level.INFO));
    assertEquals(AccessLine.Level.INFO, AccessLine.Level.parse("verbose", AccessLine.Level.INFO));
    assertEquals(AccessLine.Level.ERROR, AccessLine.levelOf(503));
    assertEquals(AccessLine.Level.INFO, AccessLine.levelOf(429));
  }
}
