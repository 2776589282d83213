package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PositionsTest {
  @Test
  void positionsSortAsTheirUtf8Bytes() {
    List<String> samples = new ArrayList<>(List.of("a", "ab", "", "\uFFFD", "\uD83D\uDE00", "\u00E9", "z", "a\uFFFD", "a\uD83D\uDE00"));
    Random random = new Random(14);
    for (int i = 0; i < 500; i++) {
      StringBuilder s = new StringBuilder();
      for (int k = random.nextInt(4); k > 0; k--) {
        int[] pool = {'a', 0x7F, 0xE9, 0x800, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF};
        s.appendCodePoint(pool[random.nextInt(pool.length)]);
      }
      samples.add(s.toString());
    }
    List<String> byPositions = samples.stream().sorted(Positions.ORDER).toList();
    List<String> byBytes = samples.stream()
        .sorted((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8))).toList();
    assertEquals(byBytes, byPositions);
  }

  @Test
  void createdPositionsAreFixedWidthMilliseconds() {
    assertEquals("2026-01-02T03:04:05.006Z#r", Positions.created(java.time.Instant.parse("2026-01-02T03:04:05.006789Z"), "r"));
  }
}
