package dev.gatehouse.bench.soak;

import java.util.Locale;
import java.util.Map;

/**
 * One row of the soak's report: a window of requests and the server as measured right after it
 * (the load paused, a full GC run). Window 0 is the server after setup, before any load.
 *
 * @param index the window's number, from 1 (0: after setup)
 * @param requestsDone requests sent so far, this window included
 * @param requests requests in this window
 * @param errors errors by kind and reason
 * @param expected4xx requests in this window whose right answer was a 4xx
 * @param p50Ms latency median, milliseconds
 * @param p99Ms latency 99th percentile, milliseconds
 * @param maxMs the slowest request, milliseconds
 * @param throughput requests per second over the window's wall time
 * @param heapAfterGcBytes the server's heap in use after a full GC
 * @param rssBytes the server's resident set
 * @param threads the server's thread count
 * @param elapsedSeconds seconds since the load started, at the window's end
 */
record Window(int index, long requestsDone, long requests, Map<String, Long> errors, long expected4xx, double p50Ms,
    double p99Ms, double maxMs, double throughput, long heapAfterGcBytes, long rssBytes, int threads, double elapsedSeconds) {

  static final String CSV_HEADER = "window,requests_done,requests,errors,expected_4xx,p50_ms,p99_ms,max_ms,throughput_rps,"
      + "heap_after_gc_mib,rss_mib,threads,elapsed_s";

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  String csv() {
    return String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.2f,%.2f,%.2f,%.1f,%.1f,%.1f,%d,%.1f", index, requestsDone, requests,
        errorCount(), expected4xx, p50Ms, p99Ms, maxMs, throughput, mib(heapAfterGcBytes), mib(rssBytes), threads, elapsedSeconds);
  }

  static final String MARKDOWN_HEADER = """
      | Window | Requests done | Errors | Expected 4xx | p50 (ms) | p99 (ms) | max (ms) | Throughput (req/s) | Heap after GC (MiB) | RSS (MiB) | Threads |
      | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |""";

  String markdown() {
    if (index == 0) {
      return String.format(Locale.ROOT, "| 0 (setup) | 0 | %d | – | – | – | – | – | %.1f | %.1f | %d |", errorCount(),
          mib(heapAfterGcBytes), mib(rssBytes), threads);
    }
    return String.format(Locale.ROOT, "| %d | %,d | %d | %,d | %.2f | %.2f | %.1f | %.0f | %.1f | %.1f | %d |", index, requestsDone,
        errorCount(), expected4xx, p50Ms, p99Ms, maxMs, throughput, mib(heapAfterGcBytes), mib(rssBytes), threads);
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
