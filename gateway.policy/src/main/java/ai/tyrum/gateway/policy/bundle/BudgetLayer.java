package ai.tyrum.gateway.policy.bundle;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One file's {@code budgets:} section as written: absent keys stay absent, so that the merge and the
 * checks across files can tell "not said" from "said".
 *
 * @param present whether the file has a {@code budgets:} key at all (an agent file may not)
 * @param figures {@code cpu_ms} and {@code alloc_mb} for every plugin the file does not name
 * @param plugins per plugin id, its own figures
 * @param overruns {@code breaker.overruns}
 * @param windowSeconds {@code breaker.window_seconds}
 */
public record BudgetLayer(
    boolean present, Figures figures, Map<String, Figures> plugins, OptionalLong overruns, OptionalLong windowSeconds) {

  public static final BudgetLayer EMPTY = new BudgetLayer(false, Figures.NONE, Map.of(), OptionalLong.empty(), OptionalLong.empty());

  public BudgetLayer {
    plugins = Collections.unmodifiableSortedMap(new TreeMap<>(plugins));
  }

  /** The figures this file gives a call of plugin {@code pluginId}: its own entry's, else the file's. */
  public Figures of(String pluginId) {
    Figures own = plugins.get(pluginId);
    return own == null ? figures : new Figures(own.cpuMs().or(figures::cpuMs), own.allocMb().or(figures::allocMb));
  }

  /** {@code cpu_ms} and {@code alloc_mb} as one map of the file says them. */
  public record Figures(Optional<Long> cpuMs, Optional<Long> allocMb) {
    public static final Figures NONE = new Figures(Optional.empty(), Optional.empty());
  }
}
