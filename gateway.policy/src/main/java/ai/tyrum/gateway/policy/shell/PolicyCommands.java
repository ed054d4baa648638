package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.bundle.SourceFile;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.policy.decision.UndefinedEgressClasses;
import ai.tyrum.gateway.policy.merge.RuleSet;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.PluginPermissions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code policy:show}, {@code policy:reload} and {@code policy:check}. */
@Component(
    service = PolicyCommands.class,
    property = {
      "osgi.command.scope=policy",
      "osgi.command.function=show",
      "osgi.command.function=reload",
      "osgi.command.function=check"
    })
public final class PolicyCommands {

  @Reference PolicyDecider decider;

  /** Provided by the gateway's plugin registry; without it the policy files are checked on their own. */
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  volatile PluginPermissions plugins;

  @Descriptor("shows the policy snapshot in force (or an earlier one): its id, source files and merged rules")
  public String show(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("an earlier snapshot id, as audit records name it") @Parameter(names = "--snapshot", absentValue = "")
          String snapshotId,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json) throws Exception {
    if (help) {
      session.execute("help policy:show");
      return null;
    }
    PolicySnapshot snapshot =
        snapshotId.isEmpty()
            ? decider.current()
            : decider.snapshot(snapshotId).orElseThrow(() -> new IllegalArgumentException("error unknown_snapshot: no policy snapshot " + snapshotId));
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("snapshot", snapshot.id());
      out.put("in_force", snapshot.id().equals(decider.snapshotId()));
      out.put("sources", snapshot.sources().stream().map(SourceFile::toJson).toList());
      out.put("policy", snapshot.policy().toJson());
      return Text.json(out);
    }
    StringBuilder out = new StringBuilder();
    out.append("snapshot  ").append(snapshot.id()).append(snapshot.id().equals(decider.snapshotId()) ? " (in force)" : " (not in force)").append('\n');
    out.append("dir       ").append(decider.directory()).append('\n');
    if (snapshotId.isEmpty()) {
      if (snapshot.sources().isEmpty()) {
        out.append("sources   none: the shipped default\n");
      }
      for (SourceFile source : snapshot.sources()) {
        out.append("source    ").append(source.name()).append("  sha256:").append(source.sha256()).append('\n');
      }
    }
    out.append("\nagents without a file of their own:\n");
    rules(out, snapshot.policy().base());
    snapshot.policy().agents().forEach((agent, rules) -> {
      out.append("\nagent ").append(agent).append(":\n");
      rules(out, rules);
    });
    return out.toString();
  }

  private static void rules(StringBuilder out, RuleSet rules) {
    Text.Table table = new Text.Table("  RULE", "VALUE");
    table.row("  tools.default", rules.defaultDecision().name());
    table.row("  tools.allow", String.join(", ", rules.allow()));
    table.row("  tools.require_approval", String.join(", ", rules.requireApproval()));
    table.row("  tools.deny", String.join(", ", rules.deny()));
    table.row("  redaction.patterns", rules.redact().size() + " pattern(s)");
    table.row("  approvals.ttl_seconds", String.valueOf(rules.approvalTtlSeconds()));
    rules.egressClasses().forEach((name, endpoints) ->
        table.row("  egress_classes." + name,
            endpoints.isEmpty() ? "(no endpoint: reaches nothing)" : endpoints.stream().map(EgressEndpoint::toString).collect(Collectors.joining(", "))));
    out.append(table);
  }

  @Descriptor("reads the policy files again and puts them in force; an invalid file changes nothing")
  public String reload(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help) throws Exception {
    if (help) {
      session.execute("help policy:reload");
      return null;
    }
    try {
      PolicyDecider.Reload reload = decider.reload();
      return (reload.changed() ? "policy snapshot " : "policy unchanged: snapshot ") + reload.snapshot().id() + " in force";
    } catch (PolicyException e) {
      throw failure(e);
    }
  }

  @Descriptor("checks the policy files without putting them in force, and the egress classes loaded plugins name")
  public String check(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help) throws Exception {
    if (help) {
      session.execute("help policy:check");
      return null;
    }
    PolicySnapshot checked;
    try {
      checked = decider.checkAll();
    } catch (PolicyException e) {
      throw failure(e);
    }
    String id = checked.id();
    StringBuilder out = new StringBuilder("policy files ok: snapshot ").append(id)
        .append(id.equals(decider.snapshotId()) ? " (in force)" : " (not in force yet: policy:reload)");
    PluginPermissions loaded = plugins;
    if (loaded == null) {
      out.append("\nplugins not checked: the gateway does not list the permissions of loaded plugins");
      return out.toString();
    }
    for (UndefinedEgressClasses.Finding finding : UndefinedEgressClasses.find(checked.policy(), loaded.loaded())) {
      out.append("\nwarning: plugin ").append(finding.pluginId()).append(' ').append(finding.pluginVersion())
          .append(" requests network.egress class:").append(finding.className());
      if (finding.nowhere()) {
        out.append(", which the policy does not define: that egress is refused until deployment.yml (or an agent file) defines it");
      } else {
        out.append(", which the policy does not define for ")
            .append(finding.missingFor().stream().map(a -> a.isEmpty() ? "agents without a policy file" : "agent " + a).collect(Collectors.joining(", ")))
            .append(": that egress is refused for them");
      }
    }
    return out.toString();
  }

  @Descriptor("checks one policy file (for example before copying it into the policy dir)")
  public String check(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("the YAML file") String file) throws Exception {
    if (help) {
      session.execute("help policy:check");
      return null;
    }
    try {
      decider.check(Path.of(file));
      return "policy file " + file + " ok";
    } catch (PolicyException e) {
      throw failure(e);
    }
  }

  private static IllegalStateException failure(PolicyException e) {
    StringBuilder out = new StringBuilder("error ").append(e.code()).append(": ").append(e.getMessage().split(": ", 2)[0]);
    e.details().forEach(d -> out.append("\n  ").append(d));
    return new IllegalStateException(out.toString());
  }
}
