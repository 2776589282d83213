package dev.gatehouse.bench;

import java.util.ArrayList;
import java.util.List;

/** Median and spread of a sample, by the nearest-rank method. */
public record Stats(int count, double median, double p10, double p90, double p99, double min, double max) {
  public static Stats of(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return new Stats(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.10), rank(sorted, 0.90), rank(sorted, 0.99),
        sorted.getFirst(), sorted.getLast());
  }

  private static double rank(List<Double> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
