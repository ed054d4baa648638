package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.Timestamps;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code approval:approve ID}: grants a pending approval; the call it covers may then run, once. */
@Component(service = Function.class)
@Command(scope = "approval", function = "approve")
public final class ApprovalApproveCommand extends ShellCommand {

  /** Who decided, in approval records and events, when the decision came from the console. */
  static final String CONSOLE = "console";

  private final Approvals approvals;

  @Activate
  public ApprovalApproveCommand(@Reference Approvals approvals) {
    this.approvals = approvals;
  }

  @Descriptor("approves a pending approval: the call it covers may then run, once")
  public String approve(@Descriptor("the approval id") String id) {
    Approval approval = approvals.approve(id, CONSOLE);
    return "approved " + approval.id() + ": " + approval.call().toolId() + " for agent " + approval.call().agent()
        + ", usable once until " + Timestamps.seconds(approval.expiresAt());
  }
}
