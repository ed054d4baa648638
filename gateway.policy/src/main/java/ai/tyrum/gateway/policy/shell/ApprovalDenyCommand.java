package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.PluginApprovals;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code approval:deny [--as NAME] [--reason R] ID}: refuses a pending approval; the tool call or plugin
 * operation it covers fails with approval_denied.
 */
@Component(service = Function.class)
@Command(scope = "approval", function = "deny")
public final class ApprovalDenyCommand extends ShellCommand {

  private final Approvals approvals;
  private final PluginApprovals operations;

  @Activate
  public ApprovalDenyCommand(@Reference Approvals approvals, @Reference PluginApprovals operations) {
    this.approvals = approvals;
    this.operations = operations;
  }

  @Descriptor("denies a pending approval: the tool call or plugin operation it covers fails with approval_denied")
  public String deny(
      @Descriptor("the operator denying, when several share the console (recorded as console:NAME)") @Parameter(names = "--as", absentValue = "") String name,
      @Descriptor("why, shown to the caller") @Parameter(names = "--reason", absentValue = "") String reason,
      @Descriptor("the approval id") String id) {
    String actor = ApprovalApproveCommand.actor(name);
    if (operations.find(id).isPresent()) {
      OperationApproval approval = operations.deny(id, actor, reason);
      return "denied " + approval.id() + ": " + approval.operation().operation() + " " + approval.operation().pluginId()
          + " " + approval.operation().version();
    }
    Approval approval = approvals.deny(id, actor, reason);
    return "denied " + approval.id() + ": " + approval.call().toolId() + " for agent " + approval.call().agent();
  }
}
