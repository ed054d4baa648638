package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.lib.shell.Timestamps;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code approval:list [--state S]}: approvals, newest first: the exact call each covers and where it stands. */
@Component(service = Function.class)
@Command(scope = "approval", function = "list")
public final class ApprovalListCommand extends ShellCommand {

  private final Approvals approvals;

  @Activate
  public ApprovalListCommand(@Reference Approvals approvals) {
    this.approvals = approvals;
  }

  @Descriptor("lists approvals, newest first: the exact call each covers and where it stands")
  public String list(
      @Descriptor("only approvals in this state (pending, approved, denied, expired, used)") @Parameter(names = "--state", absentValue = "") String state,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    List<Approval> list = approvals.list().stream().filter(a -> state.isEmpty() || a.state().name().equals(state)).toList();
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("approvals", list.stream().map(Approval::toJson).toList()));
    }
    ShellTable table = new ShellTable("ID", "STATE", "TOOL", "AGENT", "EXPIRES", "INPUT SHA-256");
    list.forEach(a -> table.row(a.id(), a.state().name(), a.call().toolId(), a.call().agent(), Timestamps.seconds(a.expiresAt()),
        a.call().inputSha256().substring(0, 16) + "..."));
    return table.toString();
  }
}
