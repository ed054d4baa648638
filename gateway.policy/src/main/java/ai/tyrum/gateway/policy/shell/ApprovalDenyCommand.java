package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code approval:deny ID [--reason R]}: refuses a pending approval; the call it covers fails with approval_denied. */
@Component(service = Function.class)
@Command(scope = "approval", function = "deny")
public final class ApprovalDenyCommand extends ShellCommand {

  private final Approvals approvals;

  @Activate
  public ApprovalDenyCommand(@Reference Approvals approvals) {
    this.approvals = approvals;
  }

  @Descriptor("denies a pending approval: the call it covers fails with approval_denied")
  public String deny(
      @Descriptor("why, shown to the caller") @Parameter(names = "--reason", absentValue = "") String reason,
      @Descriptor("the approval id") String id) {
    Approval approval = approvals.deny(id, ApprovalApproveCommand.CONSOLE, reason);
    return "denied " + approval.id() + ": " + approval.call().toolId() + " for agent " + approval.call().agent();
  }
}
