package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.Timestamps;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code tool:call ID JSON [--agent A] [--approval ID]}: a tool call through the one call path; prints
 * the output, or the approval the call waits for.
 */
@Component(service = Function.class)
@Command(scope = "tool", function = "call")
public final class ToolCallCommand extends ShellCommand {

  private final ToolInvoker invoker;

  @Activate
  public ToolCallCommand(@Reference ToolInvoker invoker) {
    this.invoker = invoker;
  }

  @Descriptor("calls a tool through the gateway's call path (exposure, contract, policy, audit)")
  public String call(
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("the approval granted for this exact call") @Parameter(names = "--approval", absentValue = "") String approval,
      @Descriptor("the tool id, such as plugin.echo.echo") String toolId,
      @Descriptor("the input as a JSON object, such as '{\"text\":\"hi\"}'") String input) {
    try {
      return Json.PRETTY.writeValueAsString(
          invoker.invoke(agent, "console", toolId, input, approval.isEmpty() ? Optional.empty() : Optional.of(approval)).output());
    } catch (ApprovalRequiredException e) {
      // Waiting for an operator is an answer, not a failure: scripts read the approval id from it.
      return "approval required: " + e.approval().id() + " (pending until " + Timestamps.seconds(e.approval().expiresAt()) + ")\n"
          + "  approve it with approval:approve " + e.approval().id() + ", then call again";
    }
  }
}
