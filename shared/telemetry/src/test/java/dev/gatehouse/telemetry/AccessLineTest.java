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
    try (RequestNotes notes = RequestNotes.open()) {
      assertEquals(null, notes.tenant(), "nothing carried over from outside the request");
      assertEquals(null, notes.rule(), "nothing carried over from outside the request");
      RequestNotes.decision("ROOM_ACCESSES", "the check's own");
      RequestNotes.refusal("ROOM_ACCESS_DENIED", "m");
      assertEquals("ROOM_ACCESSES", notes.rule(), "a refusal keeps the decision the check noted");
      assertEquals("ROOM_ACCESS_DENIED", notes.code());
    }
  }

  @Test
  void levelsFollowLambdasNamesAndAFiveHundredIsAnError() {
    assertEquals(AccessLine.Level.WARN, AccessLine.Level.parse("warn", AccessLine.Level.INFO));
    assertEquals(AccessLine.Level.INFO, AccessLine.Level.parse("verbose", AccessLine.Level.INFO));
    assertEquals(AccessLine.Level.ERROR, AccessLine.levelOf(503));
    assertEquals(AccessLine.Level.INFO, AccessLine.levelOf(429));
  }

  @Test
  void inLambdaTheLineIsAlsoAnEmfRecordOfItsCountersByFunctionAndRoute() throws Exception {
    AccessLog.configure(AccessLog.Format.JSON, AccessLine.Level.INFO, false, "Gatehouse/test", lines::add);
    try (RequestNotes notes = RequestNotes.open()) {
      RequestNotes.decision("TENANT_MISMATCH", "r");
      RequestNotes.count(Metric.CONNECTIONS_DENIED);
      RequestNotes.count(Metric.STORAGE_RETRIES);
      RequestNotes.count(Metric.STORAGE_RETRIES);
      AccessLog.write("F", "POST /v2/authorize-connection", 403, notes, 2.5, false, "r", "l", null);
    }
    String line = lines.getFirst();
    assertTrue(line.contains("\"Requests\":1,\"Errors\":0,\"Refusals\":1,\"ConnectionsDenied\":1,\"StorageRetries\":2"), line);
    assertTrue(line.contains("\"refusal\":\"TENANT_MISMATCH\""), line);
    assertTrue(line.contains("\"_aws\":{\"Timestamp\":"), line);
    assertTrue(line.contains("{\"Namespace\":\"Gatehouse/test\",\"Dimensions\":[[\"function\",\"route\"]],\"Metrics\":["
        + "{\"Name\":\"latencyMs\",\"Unit\":\"Milliseconds\"},{\"Name\":\"Requests\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"Errors\",\"Unit\":\"Count\"},{\"Name\":\"Refusals\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"ConnectionsDenied\",\"Unit\":\"Count\"},{\"Name\":\"StorageRetries\",\"Unit\":\"Count\"}]}"), line);
    assertTrue(line.contains("{\"Namespace\":\"Gatehouse/test\",\"Dimensions\":[[\"refusal\"]],\"Metrics\":[{\"Name\":\"Refusals\""), line);
  }

  @Test
  void theLocalTextLineCarriesNoMetricsDirective() {
    AccessLog.configure(AccessLog.Format.TEXT, AccessLine.Level.INFO, false, "Gatehouse/test", lines::add);
    try (RequestNotes notes = RequestNotes.open()) {
      AccessLog.write("F", "GET /x", 200, notes, 1, false, "r", "", null);
    }
    assertFalse(lines.getFirst().contains("_aws"), lines.getFirst());
  }
}
