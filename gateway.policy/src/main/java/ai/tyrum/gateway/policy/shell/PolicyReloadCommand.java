package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code policy:reload}: reads the policy files again and puts them in force; an invalid file changes nothing. */
@Component(service = Function.class)
@Command(scope = "policy", function = "reload")
public final class PolicyReloadCommand extends ShellCommand {

  private final PolicyDecider decider;

  @Activate
  public PolicyReloadCommand(@Reference PolicyDecider decider) {
    this.decider = decider;
  }

  @Descriptor("reads the policy files again and puts them in force; an invalid file changes nothing")
  public String reload() {
    PolicyDecider.Reload reload = decider.reload();
    return (reload.changed() ? "policy snapshot " : "policy unchanged: snapshot ") + reload.snapshot().id() + " in force";
  }
}
