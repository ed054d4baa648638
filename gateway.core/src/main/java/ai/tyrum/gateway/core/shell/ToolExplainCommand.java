package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.invoke.ToolCatalog;
import ai.tyrum.gateway.core.invoke.ToolCatalog.Explanation;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code tool:explain ID [--agent A] [--snapshot S]}: why a tool is or is not exposed, and what policy decides for its calls. */
@Component(service = Function.class)
@Command(scope = "tool", function = "explain")
public final class ToolExplainCommand extends ShellCommand {

  private final ToolCatalog catalog;

  @Activate
  public ToolExplainCommand(@Reference ToolCatalog catalog) {
    this.catalog = catalog;
  }

  @Descriptor("says why a tool is or is not exposed to an agent, and what policy decides for its calls")
  public String explain(
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("replay the decision of this earlier policy snapshot (an audit record's policy_snapshot)")
          @Parameter(names = "--snapshot", absentValue = "") String snapshot,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the tool id, such as plugin.notes.add_note") String toolId) {
    Explanation tool = snapshot.isEmpty()
        ? catalog.explain(toolId, agent).orElseThrow(() ->
            new CommandError("unknown_tool", "no installed plugin declares tool " + toolId, List.of("tool:list shows the tools")))
        : catalog.replay(toolId, agent, snapshot).orElseThrow(() ->
            new CommandError("unknown_snapshot", "no loaded tool " + toolId + " or no policy snapshot " + snapshot, List.of()));
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>(tool.toJson());
      out.put("agent", agent);
      return Json.PRETTY.writeValueAsString(out);
    }
    ShellTable table = ShellTable.of(2)
        .row("tool", tool.toolId())
        .row("plugin", tool.plugin().id() + " " + tool.plugin().version() + " (" + tool.plugin().state().name() + ")")
        .row("effect", tool.declaration().effect())
        .row("opt-in", tool.optIn() ? "yes: " + tool.optInWhy() + "; only an allowlist naming the exact id exposes it" : "no")
        .row("agent", agent)
        .row("exposed", tool.exposed() ? "yes" : "no")
        .row("decision", tool.decision())
        .row("reason", tool.reason())
        .row("rule", tool.rule())
        .row("snapshot", tool.snapshotId());
    if (!tool.mcp().isEmpty()) {
      Map<String, Object> mcp = tool.mcp();
      table.row("mcp server", mcp.get("server") + ", read-only hint " + mcp.get("read_only_hint") + ", hints "
          + (Boolean.TRUE.equals(mcp.get("hints_trusted")) ? "trusted" : "not trusted"));
      table.row("mcp pin", mcp.get("state") + (mcp.containsKey("message") ? ": " + mcp.get("message") : "") + " (sha256 " + mcp.get("sha256") + ")");
    }
    return table.toString();
  }
}
