package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.Timestamps;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code approval:approve [--as NAME] ID}: grants a pending approval. A tool call may then run, once; a
 * plugin operation once as many distinct operators approved it as policy requires.
 */
@Component(service = Function.class)
@Command(scope = "approval", function = "approve")
public final class ApprovalApproveCommand extends ShellCommand {

  /** Who decided, in approval records and events, when the decision came from the console. */
  static final String CONSOLE = "console";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,62}");

  private final Approvals approvals;
  private final PluginApprovals operations;

  @Activate
  public ApprovalApproveCommand(@Reference Approvals approvals, @Reference PluginApprovals operations) {
    this.approvals = approvals;
    this.operations = operations;
  }

  @Descriptor("approves a pending approval: the tool call it covers may then run, once; a plugin operation may run once"
      + " as many distinct operators approved it as policy requires")
  public String approve(
      @Descriptor("the operator approving, when several share the console (recorded as console:NAME); HTTP operators are"
          + " their tokens and cannot choose") @Parameter(names = "--as", absentValue = "") String name,
      @Descriptor("the approval id") String id) {
    String actor = actor(name);
    if (operations.find(id).isPresent()) {
      OperationApproval approval = operations.approve(id, actor);
      String covers = approval.operation().operation() + " " + approval.operation().pluginId() + " " + approval.operation().version();
      if (approval.state() == Approval.State.approved) {
        return "approved " + approval.id() + " by " + actor + ": " + covers + " may now run, once, until "
            + Timestamps.seconds(approval.expiresAt()) + " (approved by " + String.join(", ", approval.approvers()) + ")";
      }
      int missing = approval.required() - approval.approvers().size();
      return "approval " + approval.id() + " by " + actor + " recorded: " + covers + " has " + approval.approvers().size()
          + " of " + approval.required() + " approvals; " + missing + " more distinct operator(s) must approve it";
    }
    Approval approval = approvals.approve(id, actor);
    return "approved " + approval.id() + ": " + approval.call().toolId() + " for agent " + approval.call().agent()
        + ", usable once until " + Timestamps.seconds(approval.expiresAt());
  }

  /** {@code console}, or {@code console:NAME}: never a token's actor ({@code token:ID}), so never one an HTTP operator holds. */
  static String actor(String name) {
    if (name.isEmpty()) {
      return CONSOLE;
    }
    if (!NAME.matcher(name).matches()) {
      throw new CommandError("invalid_arguments", "--as takes an operator name: 1 to 63 of a-z, 0-9, '.', '_' and '-',"
          + " starting with a letter, not " + name, List.of("--as"));
    }
    return CONSOLE + ":" + name;
  }
}
