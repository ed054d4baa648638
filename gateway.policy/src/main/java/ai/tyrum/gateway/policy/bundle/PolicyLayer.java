package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One policy file as written, before merging: absent keys stay absent, so that the merge can tell
 * "not said" from "said". Each egress class keeps its endpoints in file order, so that a fault found
 * across files can name the entry's JSON pointer. The {@code plugins:}, {@code budgets:} and {@code mcp:}
 * sections are global, so only {@code deployment.yml} and {@code overrides.yml} may hold them
 * ({@link PluginRulesCheck}, {@link BudgetRulesCheck}, {@link McpRulesCheck}).
 */
public record PolicyLayer(
    Optional<Decision> defaultDecision,
    List<String> allow,
    List<String> requireApproval,
    List<String> deny,
    List<String> redact,
    OptionalLong approvalTtlSeconds,
    SortedMap<String, List<EgressEndpoint>> egressClasses,
    PluginLayer plugins,
    BudgetLayer budgets,
    McpLayer mcp) {

  public static final PolicyLayer EMPTY =
      new PolicyLayer(Optional.empty(), List.of(), List.of(), List.of(), List.of(), OptionalLong.empty(), new TreeMap<>());

  /** A layer without a {@code plugins:} section. */
  public PolicyLayer(
      Optional<Decision> defaultDecision,
      List<String> allow,
      List<String> requireApproval,
      List<String> deny,
      List<String> redact,
      OptionalLong approvalTtlSeconds,
      SortedMap<String, List<EgressEndpoint>> egressClasses) {
    this(defaultDecision, allow, requireApproval, deny, redact, approvalTtlSeconds, egressClasses, PluginLayer.EMPTY);
  }

  /** A layer without a {@code budgets:} section. */
  public PolicyLayer(
      Optional<Decision> defaultDecision,
      List<String> allow,
      List<String> requireApproval,
      List<String> deny,
      List<String> redact,
      OptionalLong approvalTtlSeconds,
      SortedMap<String, List<EgressEndpoint>> egressClasses,
      PluginLayer plugins) {
    this(defaultDecision, allow, requireApproval, deny, redact, approvalTtlSeconds, egressClasses, plugins, BudgetLayer.EMPTY);
  }

  /** A layer without an {@code mcp:} section. */
  public PolicyLayer(
      Optional<Decision> defaultDecision,
      List<String> allow,
      List<String> requireApproval,
      List<String> deny,
      List<String> redact,
      OptionalLong approvalTtlSeconds,
      SortedMap<String, List<EgressEndpoint>> egressClasses,
      PluginLayer plugins,
      BudgetLayer budgets) {
    this(defaultDecision, allow, requireApproval, deny, redact, approvalTtlSeconds, egressClasses, plugins, budgets, McpLayer.EMPTY);
  }

  public PolicyLayer {
    allow = List.copyOf(allow);
    requireApproval = List.copyOf(requireApproval);
    deny = List.copyOf(deny);
    redact = List.copyOf(redact);
    TreeMap<String, List<EgressEndpoint>> classes = new TreeMap<>();
    egressClasses.forEach((name, endpoints) -> classes.put(name, List.copyOf(endpoints)));
    egressClasses = Collections.unmodifiableSortedMap(classes);
  }

  /** This layer with {@code egressClasses} instead of its own. */
  public PolicyLayer withEgressClasses(Map<String, List<EgressEndpoint>> classes) {
    return new PolicyLayer(defaultDecision, allow, requireApproval, deny, redact, approvalTtlSeconds, new TreeMap<>(classes), plugins, budgets, mcp);
  }
}
