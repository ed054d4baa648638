package ai.tyrum.gateway.benchmarks;

import java.util.List;

/** The order statistics every benchmark reports. */
public final class Stats {

  private Stats() {}

  public static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** Nearest rank: the smallest value that at least 90 % of the values do not exceed. */
  public static long p90(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
  }

  public static long min(List<Long> values) {
    return values.stream().min(Long::compare).orElseThrow();
  }
}
