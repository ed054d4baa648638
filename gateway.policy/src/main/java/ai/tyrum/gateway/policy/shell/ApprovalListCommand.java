package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.lib.shell.Timestamps;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code approval:list [--state S]}: approvals of tool calls and of plugin operations, newest first: what
 * each covers, who approved it, where it stands.
 */
@Component(service = Function.class)
@Command(scope = "approval", function = "list")
public final class ApprovalListCommand extends ShellCommand {

  private final Approvals approvals;
  private final PluginApprovals operations;

  @Activate
  public ApprovalListCommand(@Reference Approvals approvals, @Reference PluginApprovals operations) {
    this.approvals = approvals;
    this.operations = operations;
  }

  /** One row of either kind. */
  private record Row(String id, String state, String covers, String approvals, Instant requestedAt, Instant expiresAt, Map<String, Object> json) {}

  @Descriptor("lists approvals of tool calls and of plugin operations, newest first: what each covers, who approved it and where it stands")
  public String list(
      @Descriptor("only approvals in this state (pending, approved, denied, expired, used)") @Parameter(names = "--state", absentValue = "") String state,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    List<Row> rows = new ArrayList<>();
    approvals.list().forEach(a -> rows.add(row(a)));
    operations.list().forEach(a -> rows.add(row(a)));
    List<Row> list = rows.stream()
        .filter(r -> state.isEmpty() || r.state().equals(state))
        .sorted(Comparator.comparing(Row::requestedAt).reversed().thenComparing(Row::id))
        .toList();
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("approvals", list.stream().map(Row::json).toList()));
    }
    ShellTable table = new ShellTable("ID", "STATE", "EXPIRES", "APPROVALS", "COVERS");
    list.forEach(r -> table.row(r.id(), r.state(), Timestamps.seconds(r.expiresAt()), r.approvals(), r.covers()));
    return table.toString();
  }

  private static Row row(Approval a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "tool_call");
    json.putAll(a.toJson());
    String covers = "tool " + a.call().toolId() + " for agent " + a.call().agent() + ", input sha256:" + a.call().inputSha256().substring(0, 16) + "…";
    boolean granted = a.state() == Approval.State.approved || a.state() == Approval.State.used;
    String by = granted ? "1 of 1: " + a.decidedBy() : "0 of 1";
    return new Row(a.id(), a.state().name(), covers, by, a.requestedAt(), a.expiresAt(), json);
  }

  private static Row row(OperationApproval a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "plugin_operation");
    json.putAll(a.toJson());
    String digest = a.operation().sha256().length() > 16 ? a.operation().sha256().substring(0, 16) + "…" : a.operation().sha256();
    String covers = a.operation().operation() + " " + a.operation().pluginId() + " " + a.operation().version() + " sha256:" + digest
        + (a.operation().permissions().isEmpty() ? "" : ", permissions " + String.join(", ", a.operation().permissions()));
    String by = a.approvers().size() + " of " + a.required() + (a.approvers().isEmpty() ? "" : ": " + String.join(", ", a.approvers()));
    return new Row(a.id(), a.state().name(), covers, by, a.requestedAt(), a.expiresAt(), json);
  }
}
