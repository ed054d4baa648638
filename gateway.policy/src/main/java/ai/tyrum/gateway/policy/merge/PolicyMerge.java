package ai.tyrum.gateway.policy.merge;

import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.policy.bundle.BudgetLayer;
import ai.tyrum.gateway.policy.bundle.McpLayer;
import ai.tyrum.gateway.policy.bundle.PluginLayer;
import ai.tyrum.gateway.policy.bundle.PolicyLayer;
import ai.tyrum.gateway.policy.bundle.PolicySources;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.PluginRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges policy files deployment → agent → overrides (DESIGN section 4). The merge table:
 *
 * <pre>
 * key                      deployment → agent        → overrides
 * tools.allow              union                     union (an allow never beats a deny or require_approval)
 * tools.require_approval   union                     union
 * tools.deny               union                     union (so no file can ever lift a deny)
 * tools.default            the agent's file replaces  applies only if stricter (deny > require_approval > allow)
 * redaction.patterns       union, in file order      union
 * approvals.ttl_seconds    the agent's file replaces  applies only if shorter
 * egress_classes.NAME      a class of its own, or    narrows each class that exists (intersection),
 *                          narrows the deployment's  never defines one
 *                          (intersection)
 * plugins.local_installs   refused in agent files    AND (only false is accepted)
 * plugins.deploy_preapproved  refused in agent files AND (only false is accepted)
 * plugins.allow_sources    refused in agent files    intersection (only names the deployment lists)
 * plugins.approvals.OP     refused in agent files    max (a lower count is refused)
 * budgets.cpu_ms, alloc_mb refused in agent files    min (a higher figure is refused); per plugin, each
 * budgets.plugins.ID.*     refused in agent files      layer's figure for it (its own, else its default)
 * budgets.breaker.overruns refused in agent files    min (a higher count is refused)
 * budgets.breaker.window_seconds  refused in agents  max (a shorter window is refused)
 * mcp.trust_hints          refused in agent files    intersection (only servers the deployment lists)
 * </pre>
 *
 * The {@code plugins:} section is global (which artifacts the gateway installs is not a question of
 * one agent): one set of rules for the whole gateway, deployment's narrowed by overrides. So are {@code budgets:} and
 * {@code mcp:}, for the reasons {@code BudgetRulesCheck} and {@code McpRulesCheck} give.
 *
 * Overrides can thereby narrow what deployment and agent files say, never widen it, apart from naming
 * more tools in an allowlist, which every deny and require_approval rule still beats. An egress class
 * only ever loses endpoints on its way through the layers; {@code PolicyDirectory} refuses, with the
 * file and pointer, an agent file or overrides entry that tries to add one, so that the intersection
 * here never has to drop anything silently.
 */
public final class PolicyMerge {

  private PolicyMerge() {}

  public static MergedPolicy merge(PolicySources sources) {
    RuleSet base = merge(sources.deployment(), PolicyLayer.EMPTY, sources.overrides());
    SortedMap<String, RuleSet> agents = new TreeMap<>();
    sources.agents().forEach((agent, layer) -> agents.put(agent, merge(sources.deployment(), layer, sources.overrides())));
    return new MergedPolicy(
        base, agents, plugins(sources.deployment().plugins(), sources.overrides().plugins()),
        budgets(sources.deployment().budgets(), sources.overrides().budgets()),
        trustHints(sources.deployment().mcp(), sources.overrides().mcp()));
  }

  /** The MCP servers whose tool hints the whole gateway trusts: deployment's, narrowed by overrides. */
  static java.util.SortedSet<String> trustHints(McpLayer deployment, McpLayer overrides) {
    TreeSet<String> trusted = new TreeSet<>(deployment.trustHints().orElse(List.of()));
    overrides.trustHints().ifPresent(trusted::retainAll);
    return trusted;
  }

  /**
   * The gateway-wide {@code budgets:}: deployment's (or the defaults), narrowed by overrides. A plugin
   * gets its own budget when either file names it.
   */
  static CallBudgets budgets(BudgetLayer deployment, BudgetLayer overrides) {
    CallBudgets defaults = CallBudgets.DEFAULT;
    CallBudgets.Budget base = budget(deployment.figures(), overrides.figures(), defaults.defaults());
    Map<String, CallBudgets.Budget> plugins = new TreeMap<>();
    TreeSet<String> named = new TreeSet<>(deployment.plugins().keySet());
    named.addAll(overrides.plugins().keySet());
    for (String plugin : named) {
      plugins.put(plugin, budget(deployment.of(plugin), overrides.of(plugin), defaults.defaults()));
    }
    int overruns = (int) Math.min(
        deployment.overruns().orElse(defaults.breaker().overruns()), overrides.overruns().orElse(Long.MAX_VALUE));
    long window = Math.max(
        deployment.windowSeconds().orElse(defaults.breaker().windowSeconds()), overrides.windowSeconds().orElse(0));
    return new CallBudgets(base, plugins, new CallBudgets.Breaker(overruns, window));
  }

  private static CallBudgets.Budget budget(BudgetLayer.Figures deployment, BudgetLayer.Figures overrides, CallBudgets.Budget defaults) {
    return new CallBudgets.Budget(
        Math.min(deployment.cpuMs().orElse(defaults.cpuMs()), overrides.cpuMs().orElse(Long.MAX_VALUE)),
        Math.min(deployment.allocMb().orElse(defaults.allocMb()), overrides.allocMb().orElse(Long.MAX_VALUE)));
  }

  /** The gateway-wide {@code plugins:} rules: deployment's (or the defaults), narrowed by overrides. */
  static PluginRules plugins(PluginLayer deployment, PluginLayer overrides) {
    PluginRules defaults = PluginRules.DEFAULT;
    List<String> sources = new ArrayList<>(deployment.allowSources().orElse(defaults.allowedSources()));
    overrides.allowSources().ifPresent(sources::retainAll);
    Map<String, Integer> approvers = new TreeMap<>();
    for (String operation : PluginLayer.OPERATIONS) {
      int count = Math.max(
          deployment.approvals().getOrDefault(operation, defaults.approversFor(operation)),
          overrides.approvals().getOrDefault(operation, 0));
      approvers.put(operation, count);
    }
    return new PluginRules(
        deployment.localInstalls().orElse(defaults.localInstalls()) && overrides.localInstalls().orElse(true),
        deployment.deployPreapproved().orElse(defaults.deployPreapproved()) && overrides.deployPreapproved().orElse(true),
        sources,
        approvers);
  }

  static RuleSet merge(PolicyLayer deployment, PolicyLayer agent, PolicyLayer overrides) {
    Decision defaultDecision =
        agent.defaultDecision().or(deployment::defaultDecision).orElse(RuleSet.DEFAULT.defaultDecision());
    if (overrides.defaultDecision().isPresent()) {
      defaultDecision = defaultDecision.stricter(overrides.defaultDecision().get());
    }
    long ttl =
        agent.approvalTtlSeconds().orElse(
            deployment.approvalTtlSeconds().orElse(RuleSet.DEFAULT_APPROVAL_TTL_SECONDS));
    if (overrides.approvalTtlSeconds().isPresent()) {
      ttl = Math.min(ttl, overrides.approvalTtlSeconds().getAsLong());
    }
    return new RuleSet(
        defaultDecision,
        union(deployment.allow(), agent.allow(), overrides.allow()),
        union(deployment.requireApproval(), agent.requireApproval(), overrides.requireApproval()),
        union(deployment.deny(), agent.deny(), overrides.deny()),
        concat(deployment.redact(), agent.redact(), overrides.redact()),
        ttl,
        egressClasses(deployment, agent, overrides));
  }

  private static SortedMap<String, List<EgressEndpoint>> egressClasses(
      PolicyLayer deployment, PolicyLayer agent, PolicyLayer overrides) {
    SortedMap<String, List<EgressEndpoint>> classes = new TreeMap<>(deployment.egressClasses());
    agent.egressClasses().forEach((name, endpoints) -> classes.merge(name, endpoints, EgressEndpoints::intersect));
    overrides.egressClasses().forEach((name, endpoints) -> classes.computeIfPresent(name, (n, current) -> EgressEndpoints.intersect(current, endpoints)));
    return classes;
  }

  @SafeVarargs
  private static TreeSet<String> union(List<String>... lists) {
    TreeSet<String> all = new TreeSet<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
