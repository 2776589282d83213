package dev.gatehouse.bench.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The soak's verdict from its windows: no errors, the heap after GC in the last window within a
 * tolerance of the first, and p99 not trending up.
 *
 * <p>The heap is compared with window 1, not with the server after setup: the first window fills
 * the bounded working set (every worker's slots) and warms the JIT's code, so what must stay flat
 * is what comes after. The p99 trend skips window 1 too (compilation) and compares the median p99
 * of the last third of the remaining windows with that of the first third, so a single slow window
 * on a shared machine does not decide it.
 *
 * @param passed every check passed
 * @param failures what failed, one line each
 * @param line the one verdict line
 * @param heapSlopeBytesPer100k the heap's least-squares slope over windows 1..n, bytes per 10^5
 *     requests (information: a leak shows here first)
 * @param p99Ratio late p99 over early p99, NaN when there are too few windows to judge
 */
record SoakVerdict(boolean passed, List<String> failures, String line, double heapSlopeBytesPer100k, double p99Ratio) {

  /**
   * What counts as flat.
   *
   * @param heapFraction the last window's heap may exceed the first's by this fraction of it…
   * @param heapFloorBytes …or by this many bytes, whichever is larger (a small heap's noise is absolute)
   * @param p99TrendMax the late p99 may be at most this multiple of the early one
   */
  record Tolerance(double heapFraction, long heapFloorBytes, double p99TrendMax) {
    static final Tolerance DEFAULT = new Tolerance(0.10, 4L * 1024 * 1024, 1.5);

    long heapLimit(long firstHeap) {
      return firstHeap + Math.max((long) (firstHeap * heapFraction), heapFloorBytes);
    }

    String describe() {
      return String.format(Locale.ROOT, "heap after GC within +%.0f %% or +%.0f MiB of window 1, p99 late/early ≤ %.2f",
          heapFraction * 100, Window.mib(heapFloorBytes), p99TrendMax);
    }
  }

  /**
   * @param windows the measured windows, 1..n in order (not the setup row)
   * @param otherErrors errors outside the windows: setup requests, the server's own failure lines
   * @param expectedRequests how many requests the run was asked for; fewer done is a failure
   */
  static SoakVerdict judge(List<Window> windows, long otherErrors, long expectedRequests, Tolerance tolerance) {
    List<String> failures = new ArrayList<>();
    long errors = otherErrors + windows.stream().mapToLong(Window::errorCount).sum();
    long done = windows.isEmpty() ? 0 : windows.getLast().requestsDone();
    if (errors > 0) {
      failures.add(errors + " errors");
    }
    if (done < expectedRequests) {
      failures.add("only " + done + " of " + expectedRequests + " requests ran");
    }
    String heap = "no windows";
    double slope = Double.NaN;
    if (!windows.isEmpty()) {
      Window first = windows.getFirst();
      Window last = windows.getLast();
      long limit = tolerance.heapLimit(first.heapAfterGcBytes());
      heap = String.format(Locale.ROOT, "heap after GC %.1f MiB in window %d vs %.1f MiB in window 1 (limit %.1f MiB)",
          Window.mib(last.heapAfterGcBytes()), last.index(), Window.mib(first.heapAfterGcBytes()), Window.mib(limit));
      if (last.heapAfterGcBytes() > limit) {
        failures.add("heap grew: " + heap);
      }
      slope = slope(windows);
    }
    double ratio = p99Ratio(windows);
    String trend;
    if (Double.isNaN(ratio)) {
      trend = "p99 trend not judged (fewer than 2 windows after the first)";
    } else {
      trend = String.format(Locale.ROOT, "p99 late/early %.2f (limit %.2f)", ratio, tolerance.p99TrendMax());
      if (ratio > tolerance.p99TrendMax()) {
        failures.add("p99 trends up: " + trend);
      }
    }
    boolean passed = failures.isEmpty();
    String line = String.format(Locale.ROOT, "VERDICT: %s: %d errors in %,d requests; %s; %s", passed ? "PASS" : "FAIL", errors, done,
        heap, trend);
    return new SoakVerdict(passed, List.copyOf(failures), line, slope, ratio);
  }

  /** Median p99 of the last third of windows 2..n over that of the first third; NaN with fewer than two such windows. */
  static double p99Ratio(List<Window> windows) {
    if (windows.size() < 3) {
      return Double.NaN;
    }
    List<Window> judged = windows.subList(1, windows.size());
    int third = Math.max(1, judged.size() / 3);
    double early = median(judged.subList(0, third));
    double late = median(judged.subList(judged.size() - third, judged.size()));
    return late / early;
  }

  private static double median(List<Window> windows) {
    double[] p99 = windows.stream().mapToDouble(Window::p99Ms).sorted().toArray();
    int n = p99.length;
    return n % 2 == 1 ? p99[n / 2] : (p99[n / 2 - 1] + p99[n / 2]) / 2;
  }

  /** Least-squares slope of heap after GC against requests done, in bytes per 10^5 requests. */
  static double slope(List<Window> windows) {
    if (windows.size() < 2) {
      return Double.NaN;
    }
    double[] x = windows.stream().mapToDouble(w -> w.requestsDone() / 100_000.0).toArray();
    double[] y = windows.stream().mapToDouble(Window::heapAfterGcBytes).toArray();
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - mx) * (y[i] - my);
      den += (x[i] - mx) * (x[i] - mx);
    }
    return den == 0 ? Double.NaN : num / den;
  }
}
