package ai.tyrum.gateway.policy.merge;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.bundle.PluginLayer;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.PluginRules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The merged policy: the rules of an agent without a file of its own ({@code base}: deployment then
 * overrides), of every agent with one (deployment, the agent's file, then overrides), and the
 * gateway-wide {@code plugins:} rules, {@code budgets:} and {@code mcp.trust_hints} (deployment then overrides).
 */
public record MergedPolicy(
    RuleSet base, SortedMap<String, RuleSet> agents, PluginRules plugins, CallBudgets budgets, java.util.SortedSet<String> trustHints) {

  /** The format name inside the canonical JSON, so that a future format can never hash the same. */
  public static final String FORMAT = "tyrum.policy.v1";

  public MergedPolicy {
    agents = Collections.unmodifiableSortedMap(new TreeMap<>(agents));
    plugins = canonical(plugins);
    trustHints = Collections.unmodifiableSortedSet(new TreeSet<>(trustHints));
  }

  /** A merged policy that trusts no MCP server's hints. */
  public MergedPolicy(RuleSet base, SortedMap<String, RuleSet> agents, PluginRules plugins, CallBudgets budgets) {
    this(base, agents, plugins, budgets, new TreeSet<>());
  }

  /** Whether the policy trusts the tool hints of MCP server {@code serverId} of plugin {@code pluginId}. */
  public boolean trustsToolHints(String pluginId, String serverId) {
    return trustHints.contains(pluginId + "/" + serverId);
  }

  /** A merged policy with the default {@code plugins:} rules and budgets. */
  public MergedPolicy(RuleSet base, SortedMap<String, RuleSet> agents) {
    this(base, agents, PluginRules.DEFAULT);
  }

  /** A merged policy with the default budgets. */
  public MergedPolicy(RuleSet base, SortedMap<String, RuleSet> agents, PluginRules plugins) {
    this(base, agents, plugins, CallBudgets.DEFAULT);
  }

  public RuleSet rulesFor(String agent) {
    return agents.getOrDefault(agent, base);
  }

  /** The JSON whose canonical form (RFC 8785) is hashed into the snapshot id. */
  public Map<String, Object> toJson() {
    Map<String, Object> agentJson = new LinkedHashMap<>();
    agents.forEach((agent, rules) -> agentJson.put(agent, rules.toJson()));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("base", base.toJson());
    json.put("agents", agentJson);
    // absent when default, so that every snapshot stored before the section existed keeps its id
    if (!plugins.equals(PluginRules.DEFAULT)) {
      json.put("plugins", pluginsJson(plugins));
    }
    // absent when default, for the same reason
    if (!budgets.equals(CallBudgets.DEFAULT)) {
      json.put("budgets", budgetsJson(budgets));
    }
    // absent when empty, for the same reason
    if (!trustHints.isEmpty()) {
      json.put("mcp", mcpJson(trustHints));
    }
    return json;
  }

  /** The {@code mcp:} section as policy files spell it. */
  public static Map<String, Object> mcpJson(java.util.SortedSet<String> trustHints) {
    return Map.of("trust_hints", List.copyOf(trustHints));
  }

  @SuppressWarnings("unchecked")
  private static java.util.SortedSet<String> trustHintsFromJson(Object value) {
    if (value == null) {
      return new TreeSet<>();
    }
    try {
      return new TreeSet<>((List<String>) ((Map<String, Object>) value).get("trust_hints"));
    } catch (RuntimeException e) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is damaged", List.of("mcp: " + e.getMessage()));
    }
  }

  /** The {@code budgets:} section as policy files spell it, every key present. */
  public static Map<String, Object> budgetsJson(CallBudgets budgets) {
    Map<String, Object> plugins = new LinkedHashMap<>();
    budgets.plugins().forEach((plugin, budget) -> plugins.put(plugin, budgetJson(budget)));
    Map<String, Object> json = new LinkedHashMap<>(budgetJson(budgets.defaults()));
    json.put("plugins", plugins);
    json.put("breaker", Map.of("overruns", budgets.breaker().overruns(), "window_seconds", budgets.breaker().windowSeconds()));
    return json;
  }

  private static Map<String, Object> budgetJson(CallBudgets.Budget budget) {
    return Map.of("cpu_ms", budget.cpuMs(), "alloc_mb", budget.allocMb());
  }

  @SuppressWarnings("unchecked")
  private static CallBudgets budgetsFromJson(Object value) {
    if (value == null) {
      return CallBudgets.DEFAULT;
    }
    try {
      Map<String, Object> json = (Map<String, Object>) value;
      Map<String, CallBudgets.Budget> plugins = new TreeMap<>();
      ((Map<String, Object>) json.get("plugins")).forEach((plugin, budget) -> plugins.put(plugin, budgetFromJson(budget)));
      Map<String, Object> breaker = (Map<String, Object>) json.get("breaker");
      return new CallBudgets(
          budgetFromJson(json),
          plugins,
          new CallBudgets.Breaker(((Number) breaker.get("overruns")).intValue(), ((Number) breaker.get("window_seconds")).longValue()));
    } catch (RuntimeException e) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is damaged", List.of("budgets: " + e.getMessage()));
    }
  }

  @SuppressWarnings("unchecked")
  private static CallBudgets.Budget budgetFromJson(Object value) {
    Map<String, Object> json = (Map<String, Object>) value;
    return new CallBudgets.Budget(((Number) json.get("cpu_ms")).longValue(), ((Number) json.get("alloc_mb")).longValue());
  }

  /** The {@code plugins:} rules as policy files spell them, every key present. */
  public static Map<String, Object> pluginsJson(PluginRules plugins) {
    Map<String, Object> approvals = new LinkedHashMap<>();
    PluginLayer.OPERATIONS.forEach(operation -> approvals.put(operation, plugins.approversFor(operation)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("local_installs", plugins.localInstalls());
    json.put("deploy_preapproved", plugins.deployPreapproved());
    json.put("allow_sources", plugins.allowedSources());
    json.put("approvals", approvals);
    return json;
  }

  /** Sources sorted without repeats, no zero counts: equal rules, equal JSON, equal snapshot ids. */
  private static PluginRules canonical(PluginRules plugins) {
    Map<String, Integer> approvers = new TreeMap<>();
    plugins.approvers().forEach((operation, count) -> {
      if (count > 0) {
        approvers.put(operation, count);
      }
    });
    return new PluginRules(
        plugins.localInstalls(), plugins.deployPreapproved(), List.copyOf(new TreeSet<>(plugins.allowedSources())), approvers);
  }

  @SuppressWarnings("unchecked")
  private static PluginRules pluginsFromJson(Object value) {
    if (value == null) {
      return PluginRules.DEFAULT;
    }
    try {
      Map<String, Object> json = (Map<String, Object>) value;
      Map<String, Integer> approvers = new TreeMap<>();
      ((Map<String, Object>) json.get("approvals")).forEach((operation, count) -> approvers.put(operation, ((Number) count).intValue()));
      return new PluginRules(
          (Boolean) json.get("local_installs"),
          (Boolean) json.get("deploy_preapproved"),
          (List<String>) json.get("allow_sources"),
          approvers);
    } catch (RuntimeException e) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is damaged", List.of("plugins: " + e.getMessage()));
    }
  }

  /** Reads a stored snapshot's policy. */
  @SuppressWarnings("unchecked")
  public static MergedPolicy fromJson(Map<String, Object> json) {
    if (!FORMAT.equals(json.get("format")) || !(json.get("agents") instanceof Map<?, ?> agentJson)) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is not " + FORMAT, List.of());
    }
    SortedMap<String, RuleSet> agents = new TreeMap<>();
    ((Map<String, Object>) agentJson).forEach((agent, rules) -> agents.put(agent, RuleSet.fromJson(rules)));
    return new MergedPolicy(
        RuleSet.fromJson(json.get("base")), agents, pluginsFromJson(json.get("plugins")), budgetsFromJson(json.get("budgets")),
        trustHintsFromJson(json.get("mcp")));
  }
}
