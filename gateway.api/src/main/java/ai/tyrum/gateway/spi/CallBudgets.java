package ai.tyrum.gateway.spi;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code budgets:} section of the policy in force: what one tool call of a plugin may spend on the
 * worker thread that runs it, and how many overrunning calls disable a plugin (the circuit breaker).
 * A call past its budget is given up as {@code budget_exceeded}, as a call past its deadline is.
 *
 * @param defaults the budget of a call of a plugin that {@code plugins} does not name
 * @param plugins per plugin id, the budget of its calls
 * @param breaker how many overruns within how long disable a plugin
 * @since 2.2
 */
public record CallBudgets(Budget defaults, Map<String, Budget> plugins, Breaker breaker) {

  /**
   * Generous enough that no ordinary call comes near: two seconds of CPU and 256 MiB of allocation per
   * call; three overruns within ten minutes disable a plugin.
   */
  public static final CallBudgets DEFAULT = new CallBudgets(new Budget(2_000, 256), Map.of(), new Breaker(3, 600));

  public CallBudgets {
    plugins = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(plugins));
  }

  /** The budget of one call of plugin {@code pluginId}. */
  public Budget of(String pluginId) {
    return plugins.getOrDefault(pluginId, defaults);
  }

  /**
   * What one call may spend on its worker thread.
   *
   * @param cpuMs CPU time, in milliseconds
   * @param allocMb bytes allocated, in MiB (2^20 bytes); allocated, not retained: garbage counts
   */
  public record Budget(long cpuMs, long allocMb) {
    public Budget {
      if (cpuMs < 1 || allocMb < 1) {
        throw new IllegalArgumentException("a budget is positive: cpu_ms " + cpuMs + ", alloc_mb " + allocMb);
      }
    }
  }

  /**
   * When a plugin whose calls overrun (past their budget or their deadline) is disabled.
   *
   * @param overruns how many overruns
   * @param windowSeconds within how many seconds
   */
  public record Breaker(int overruns, long windowSeconds) {
    public Breaker {
      if (overruns < 1 || windowSeconds < 1) {
        throw new IllegalArgumentException("a breaker is positive: overruns " + overruns + ", window_seconds " + windowSeconds);
      }
    }
  }
}
