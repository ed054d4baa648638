package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.policy.decision.UndefinedEgressClasses;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.PluginPermissions;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code policy:check [FILE...]}: checks the policy files without putting them in force, and the egress
 * classes loaded plugins name; or checks the given files alone (for example before copying one in).
 */
@Component(service = Function.class)
@Command(scope = "policy", function = "check")
public final class PolicyCheckCommand extends ShellCommand {

  private final PolicyDecider decider;

  /** Provided by the gateway's plugin registry; without it the policy files are checked on their own. */
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  volatile PluginPermissions plugins;

  @Activate
  public PolicyCheckCommand(@Reference PolicyDecider decider) {
    this.decider = decider;
  }

  @Descriptor("checks the policy files without putting them in force, and the egress classes loaded plugins name;"
      + " with files, checks those files alone")
  public String check(@Descriptor("YAML policy files to check instead of the policy dir") String... files) {
    if (files.length > 0) {
      StringBuilder out = new StringBuilder();
      for (String file : files) {
        decider.check(Path.of(file));
        out.append(out.length() == 0 ? "" : "\n").append("policy file ").append(file).append(" ok");
      }
      return out.toString();
    }
    PolicySnapshot checked = decider.checkAll();
    String id = checked.id();
    StringBuilder out = new StringBuilder("policy files ok: snapshot ").append(id)
        .append(id.equals(decider.snapshotId()) ? " (in force)" : " (not in force yet: policy:reload)");
    PluginPermissions loaded = plugins;
    if (loaded == null) {
      return out.append("\nplugins not checked: the gateway does not list the permissions of loaded plugins").toString();
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
}
