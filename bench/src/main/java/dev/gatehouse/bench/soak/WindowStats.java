package dev.gatehouse.bench.soak;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one window of requests saw, filled by every worker at once: each request's latency in
 * its own slot, errors counted by kind and reason, a few samples of each reason.
 */
final class WindowStats {
  /** Samples kept per distinct error, so a report can say what went wrong without flooding. */
  static final int SAMPLES_PER_ERROR = 3;

  private final long[] latencyNanos;
  private final AtomicInteger recorded = new AtomicInteger();
  private final LongAdder expected4xx = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<String>> samples = new ConcurrentHashMap<>();

  WindowStats(int size) {
    latencyNanos = new long[size];
  }

  int size() {
    return latencyNanos.length;
  }

  /** Records one request's latency; at most {@link #size()} per window. */
  void record(long nanos, boolean expectedError) {
    latencyNanos[recorded.getAndIncrement()] = nanos;
    if (expectedError) {
      expected4xx.increment();
    }
  }

  /** Counts an error; {@code key} is kind and reason ("room.get: status 500, expected 200"), {@code detail} a sample. */
  void error(String key, String detail) {
    errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    ConcurrentLinkedQueue<String> queue = samples.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
    if (queue.size() < SAMPLES_PER_ERROR && detail != null) {
      queue.add(detail);
    }
  }

  int recorded() {
    return recorded.get();
  }

  long expected4xx() {
    return expected4xx.sum();
  }

  /** Errors by kind and reason, sorted. */
  Map<String, Long> errors() {
    Map<String, Long> sorted = new TreeMap<>();
    errors.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }

  Map<String, java.util.List<String>> samples() {
    Map<String, java.util.List<String>> sorted = new TreeMap<>();
    samples.forEach((k, v) -> sorted.put(k, java.util.List.copyOf(v)));
    return sorted;
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Latency percentiles of the recorded requests, in milliseconds, by the nearest-rank method; once every worker is done. */
  Latency latency() {
    long[] sorted = Arrays.copyOf(latencyNanos, recorded.get());
    Arrays.sort(sorted);
    return Latency.of(sorted);
  }

  /** p50, p99 and max in milliseconds. */
  record Latency(double p50, double p99, double max) {
    static Latency of(long[] sortedNanos) {
      if (sortedNanos.length == 0) {
        return new Latency(Double.NaN, Double.NaN, Double.NaN);
      }
      return new Latency(rank(sortedNanos, 0.50), rank(sortedNanos, 0.99), sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, double quantile) {
      int index = (int) Math.ceil(quantile * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
  }
}
