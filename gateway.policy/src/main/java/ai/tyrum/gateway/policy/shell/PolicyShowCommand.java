package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.policy.bundle.SourceFile;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.policy.bundle.PluginLayer;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.policy.merge.RuleSet;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.PluginRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code policy:show [--snapshot ID]}: the policy snapshot in force (or an earlier one): its id, source files and merged rules. */
@Component(service = Function.class)
@Command(scope = "policy", function = "show")
public final class PolicyShowCommand extends ShellCommand {

  private final PolicyDecider decider;

  @Activate
  public PolicyShowCommand(@Reference PolicyDecider decider) {
    this.decider = decider;
  }

  @Descriptor("shows the policy snapshot in force (or an earlier one): its id, source files and merged rules")
  public String show(
      @Descriptor("an earlier snapshot id, as audit records name it") @Parameter(names = "--snapshot", absentValue = "") String snapshotId,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    PolicySnapshot snapshot = snapshotId.isEmpty()
        ? decider.current()
        : decider.snapshot(snapshotId).orElseThrow(() -> new CommandError("unknown_snapshot", "no policy snapshot " + snapshotId, List.of()));
    boolean inForce = snapshot.id().equals(decider.snapshotId());
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("snapshot", snapshot.id());
      out.put("in_force", inForce);
      out.put("sources", snapshot.sources().stream().map(SourceFile::toJson).toList());
      out.put("policy", snapshot.policy().toJson());
      out.put("plugins", MergedPolicy.pluginsJson(snapshot.policy().plugins()));
      out.put("budgets", MergedPolicy.budgetsJson(snapshot.policy().budgets()));
      out.put("mcp", MergedPolicy.mcpJson(snapshot.policy().trustHints()));
      return Json.PRETTY.writeValueAsString(out);
    }
    ShellTable head = ShellTable.of(2)
        .row("snapshot", snapshot.id() + (inForce ? " (in force)" : " (not in force)"))
        .row("dir", decider.directory());
    if (snapshotId.isEmpty()) {
      if (snapshot.sources().isEmpty()) {
        head.row("sources", "none: the shipped default");
      }
      snapshot.sources().forEach(source -> head.row("source", source.name() + "  sha256:" + source.sha256()));
    }
    StringBuilder out = new StringBuilder().append(head).append("\nagents without a file of their own:\n").append(rules(snapshot.policy().base()));
    snapshot.policy().agents().forEach((agent, rules) -> out.append("\nagent ").append(agent).append(":\n").append(rules(rules)));
    out.append("\nplugins (the whole gateway):\n").append(plugins(snapshot.policy().plugins()));
    out.append("\nbudgets (the whole gateway):\n").append(budgets(snapshot.policy().budgets()));
    out.append("\nmcp (the whole gateway):\n").append(new ShellTable("RULE", "VALUE").indent("  ").row("mcp.trust_hints",
        snapshot.policy().trustHints().isEmpty() ? "(none: every MCP tool is opt-in)" : String.join(", ", snapshot.policy().trustHints())));
    return out.toString();
  }

  private static ShellTable plugins(PluginRules plugins) {
    ShellTable table = new ShellTable("RULE", "VALUE").indent("  ")
        .row("plugins.local_installs", plugins.localInstalls())
        .row("plugins.deploy_preapproved", plugins.deployPreapproved())
        .row("plugins.allow_sources", plugins.allowedSources().isEmpty() ? "(none)" : String.join(", ", plugins.allowedSources()));
    PluginLayer.OPERATIONS.forEach(operation -> {
      int count = plugins.approversFor(operation);
      table.row("plugins.approvals." + operation, count == 0 ? "0 (no approval needed)" : count + " distinct operator(s)");
    });
    return table;
  }

  private static ShellTable budgets(CallBudgets budgets) {
    ShellTable table = new ShellTable("RULE", "VALUE").indent("  ")
        .row("budgets.cpu_ms", budgets.defaults().cpuMs())
        .row("budgets.alloc_mb", budgets.defaults().allocMb());
    budgets.plugins().forEach((plugin, budget) -> table
        .row("budgets.plugins." + plugin, "cpu_ms " + budget.cpuMs() + ", alloc_mb " + budget.allocMb()));
    return table
        .row("budgets.breaker.overruns", budgets.breaker().overruns())
        .row("budgets.breaker.window_seconds", budgets.breaker().windowSeconds());
  }

  private static ShellTable rules(RuleSet rules) {
    ShellTable table = new ShellTable("RULE", "VALUE").indent("  ")
        .row("tools.default", rules.defaultDecision().name())
        .row("tools.allow", String.join(", ", rules.allow()))
        .row("tools.require_approval", String.join(", ", rules.requireApproval()))
        .row("tools.deny", String.join(", ", rules.deny()))
        .row("redaction.patterns", rules.redact().size() + " pattern(s)")
        .row("approvals.ttl_seconds", rules.approvalTtlSeconds());
    rules.egressClasses().forEach((name, endpoints) -> table.row("egress_classes." + name,
        endpoints.isEmpty() ? "(no endpoint: reaches nothing)" : endpoints.stream().map(EgressEndpoint::toString).collect(Collectors.joining(", "))));
    return table;
  }
}
