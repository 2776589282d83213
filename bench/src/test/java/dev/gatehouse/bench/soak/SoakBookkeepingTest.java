package dev.gatehouse.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's bookkeeping: window statistics, answer checks, heap parsing and the verdict. No server, no timing. */
class SoakBookkeepingTest {
  private static final long MIB = 1024 * 1024;
  private static final SoakVerdict.Tolerance TOLERANCE = SoakVerdict.Tolerance.DEFAULT;

  private static Window window(int index, long errors, double p99, long heapMib) {
    Map<String, Long> byKind = errors == 0 ? Map.of() : Map.of("room.get: status 500 (expected 200)", errors);
    return new Window(index, index * 1000L, 1000, byKind, 0, 1, p99, p99 * 2, 100, heapMib * MIB, 300 * MIB, 30, index);
  }

  private static List<Window> flat(int n, double p99, long heapMib) {
    List<Window> windows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      windows.add(window(i, 0, p99, heapMib));
    }
    return windows;
  }

  @Test
  void latencyPercentilesAreNearestRankOverWhatWasRecorded() {
    WindowStats stats = new WindowStats(200);
    for (int ms = 100; ms >= 1; ms--) {
      stats.record(ms * 1_000_000L, ms % 10 == 0);
    }
    WindowStats.Latency latency = stats.latency();
    assertEquals(50.0, latency.p50());
    assertEquals(99.0, latency.p99());
    assertEquals(100.0, latency.max());
    assertEquals(100, stats.recorded(), "the unused half of the window is not read as zeros");
    assertEquals(10, stats.expected4xx());
  }

  @Test
  void errorsAreCountedByKindAndReasonWithBoundedSamples() {
    WindowStats stats = new WindowStats(10);
    for (int i = 0; i < 5; i++) {
      stats.error("room.get: status 500 (expected 200)", "status 500 INTERNAL_ERROR");
    }
    stats.error("bad.json: transport IOException", "connection reset");
    assertEquals(Map.of("room.get: status 500 (expected 200)", 5L, "bad.json: transport IOException", 1L), stats.errors());
    assertEquals(6, stats.errorCount());
    assertEquals(WindowStats.SAMPLES_PER_ERROR, stats.samples().get("room.get: status 500 (expected 200)").size());
  }

  @Test
  void anAnswerIsRightOnlyWithItsStatusItsErrorCodeAndAPassingCheck() {
    Call refused = new Call("room.get", "GET", "/v2/rooms/x", "Bearer k", null, 404, "ROOM_NOT_FOUND", null, Call.NOTHING);
    String notFound = "{\"error\":\"ROOM_NOT_FOUND\",\"message\":\"Room not found.\",\"suggestion\":\"Check the room id.\"}";
    assertNull(SoakBenchmark.verify(refused, 404, notFound));
    assertEquals("status 500 (expected 404)", SoakBenchmark.verify(refused, 500, notFound));
    assertEquals("error INVALID_ROOM_ID (expected ROOM_NOT_FOUND)", SoakBenchmark.verify(refused, 404, notFound.replace("ROOM_NOT_FOUND", "INVALID_ROOM_ID")));
    assertEquals("an error without message or suggestion", SoakBenchmark.verify(refused, 404, "{\"error\":\"ROOM_NOT_FOUND\"}"));
    assertEquals("a body that is not JSON", SoakBenchmark.verify(refused, 404, "<html>"));

    Call get = new Call("room.get", "GET", "/v2/rooms/x", "Bearer k", null, 200, null,
        b -> "x".equals(b.path("id").asText()) ? null : "another room's id", Call.NOTHING);
    assertNull(SoakBenchmark.verify(get, 200, "{\"id\":\"x\"}"));
    assertEquals("another room's id", SoakBenchmark.verify(get, 200, "{\"id\":\"y\"}"));

    Call delete = new Call("room.delete", "DELETE", "/v2/rooms/x", "Bearer k", null, 204, null, null, Call.NOTHING);
    assertNull(SoakBenchmark.verify(delete, 204, ""));
    assertEquals("a body on a 204", SoakBenchmark.verify(delete, 204, "{}"));
    assertThrows(IllegalArgumentException.class, () -> new Call("x", "GET", "/", null, null, 400, null, null, Call.NOTHING),
        "a 4xx without its error code could not be checked");
  }

  @Test
  void theHeapInUseIsTheSumOfTheHeapsSpacesNotMetaspace() {
    String parallel = """
        8432:
         PSYoungGen      total 76288K, used 778K [0x00000000fab00000, 0x0000000100000000, 0x0000000100000000)
          eden space 65536K, 1% used [0x00000000fab00000,0x00000000fabc28b0,0x00000000feb00000)
          from space 10752K, 0% used [0x00000000ff580000,0x00000000ff580000,0x0000000100000000)
         ParOldGen       total 175104K, used 20547K [0x00000000f0000000, 0x00000000fab00000, 0x00000000fab00000)
          object space 175104K, 11% used [0x00000000f0000000,0x00000000f1410ef8,0x00000000fab00000)
         Metaspace       used 41234K, committed 41984K, reserved 1114112K
          class space    used 4949K, committed 5248K, reserved 1048576K
        """;
    assertEquals(778 + 20547, ChildServer.heapUsedKib(parallel));
    assertEquals(12345, ChildServer.heapUsedKib(" garbage-first heap   total 262144K, used 12345K [0x0, 0x0)\n"));
    assertThrows(IllegalStateException.class, () -> ChildServer.heapUsedKib("8432:\nCommand executed successfully\n"));
  }

  @Test
  void aFlatRunPasses() {
    SoakVerdict verdict = SoakVerdict.judge(flat(10, 40, 25), 0, 10_000, TOLERANCE);
    assertTrue(verdict.passed(), verdict.line());
    assertTrue(verdict.line().startsWith("VERDICT: PASS"), verdict.line());
    assertEquals(1.0, verdict.p99Ratio());
    assertEquals(0.0, verdict.heapSlopeBytesPer100k());
  }

  @Test
  void anyErrorFailsTheRunWhereverItWas() {
    List<Window> windows = flat(10, 40, 25);
    windows.set(4, window(5, 1, 40, 25));
    assertFalse(SoakVerdict.judge(windows, 0, 10_000, TOLERANCE).passed());
    SoakVerdict setupError = SoakVerdict.judge(flat(10, 40, 25), 1, 10_000, TOLERANCE);
    assertFalse(setupError.passed());
    assertEquals(List.of("1 errors"), setupError.failures());
  }

  @Test
  void heapGrowthPastTheToleranceFails() {
    List<Window> windows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      windows.add(window(i, 0, 40, 100 + 2L * i)); // 2 MiB a window: 102 MiB to 120 MiB
    }
    SoakVerdict verdict = SoakVerdict.judge(windows, 0, 10_000, TOLERANCE);
    assertFalse(verdict.passed(), verdict.line());
    assertTrue(verdict.failures().getFirst().startsWith("heap grew"), verdict.failures()::toString);
    assertEquals(2.0 * MIB / 1 * 100, verdict.heapSlopeBytesPer100k(), 1.0, "2 MiB per 1,000 requests is 200 MiB per 10^5");

    List<Window> withinFloor = flat(10, 40, 20);
    withinFloor.set(9, window(10, 0, 40, 23)); // +3 MiB on 20: over 10 %, under the 4 MiB floor
    assertTrue(SoakVerdict.judge(withinFloor, 0, 10_000, TOLERANCE).passed());
  }

  @Test
  void p99TrendingUpFailsButTheWarmUpWindowAndOneSlowWindowDoNot() {
    List<Window> warmUp = flat(10, 40, 25);
    warmUp.set(0, window(1, 0, 400, 25)); // JIT compilation in window 1 is not a trend
    warmUp.set(5, window(6, 0, 200, 25)); // nor is one slow window in the middle
    assertTrue(SoakVerdict.judge(warmUp, 0, 10_000, TOLERANCE).passed());

    List<Window> rising = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rising.add(window(i, 0, 20 + 10 * i, 25));
    }
    SoakVerdict verdict = SoakVerdict.judge(rising, 0, 10_000, TOLERANCE);
    assertFalse(verdict.passed(), verdict.line());
    assertEquals(110.0 / 50.0, verdict.p99Ratio(), 1e-9, "windows 8–10 (median 110) over windows 2–4 (median 50)");
  }

  @Test
  void tooFewWindowsOrRequestsAreSaidPlainly() {
    SoakVerdict one = SoakVerdict.judge(flat(1, 40, 25), 0, 1000, TOLERANCE);
    assertTrue(one.passed());
    assertTrue(Double.isNaN(one.p99Ratio()));
    assertTrue(one.line().contains("not judged"), one.line());
    SoakVerdict cut = SoakVerdict.judge(flat(5, 40, 25), 0, 10_000, TOLERANCE);
    assertFalse(cut.passed());
    assertEquals(List.of("only 5000 of 10000 requests ran"), cut.failures());
  }

  @Test
  void aShortRunStillGetsTenWindows() {
    assertEquals(2000, SoakBenchmark.Options.parse(new String[] {"--requests", "20000"}).window());
    assertEquals(100_000, SoakBenchmark.Options.parse(new String[0]).window());
    assertEquals(1_000_000, SoakBenchmark.Options.parse(new String[0]).requests());
    assertThrows(IllegalArgumentException.class, () -> SoakBenchmark.Options.parse(new String[] {"--requests", "0"}));
    assertThrows(IllegalArgumentException.class, () -> SoakBenchmark.Options.parse(new String[] {"--bogus", "1"}));
  }

  @Test
  void theMixIsMostlyRealUseWithATenthOfBadInput() {
    int total = SoakWorkload.WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
    int bad = SoakWorkload.WEIGHTS.entrySet().stream().filter(e -> e.getKey().startsWith("bad.")).mapToInt(Map.Entry::getValue).sum();
    assertEquals(0.10, bad / (double) total, 0.01);
  }
}
