package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpToolDefinition;
import ai.tyrum.gateway.core.mcp.McpTools;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mcp:approve PLUGIN/SERVER [TOOL...]}: shows what changed in the held tools of an MCP server, then
 * pins them as they are listed now, so that they are served.
 */
@Component(service = Function.class)
@Command(scope = "mcp", function = "approve")
public final class McpApproveCommand extends ShellCommand {

  private final McpTools tools;

  @Activate
  public McpApproveCommand(@Reference McpTools tools) {
    this.tools = tools;
  }

  @Descriptor("approves held tools of an MCP server (all held ones when none is named): shows what changed, then pins them")
  public String approve(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the server, PLUGIN/SERVER as mcp:list names it") String server,
      @Descriptor("the tools to approve, by the server's names for them") String... names) {
    McpServerId id = McpServerId.parse(server);
    Map<String, Object> result = tools.approve(id, List.of(names), "console");
    if (json) {
      return Json.PRETTY.writeValueAsString(result);
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> approved = (List<Map<String, Object>>) result.get("approved");
    ShellTable table = new ShellTable("TOOL", "WHAT CHANGED", "DESCRIPTION NOW");
    for (Map<String, Object> tool : approved) {
      @SuppressWarnings("unchecked")
      Map<String, Object> difference = (Map<String, Object>) tool.get("difference");
      table.row(tool.get("tool_id"), McpToolDefinition.summary(difference), description(difference));
    }
    StringBuilder out = new StringBuilder();
    if (!approved.isEmpty()) {
      out.append(table).append(approved.size()).append(" tool(s) of ").append(id).append(" approved and pinned; they are served now");
    }
    @SuppressWarnings("unchecked")
    List<String> already = (List<String>) result.get("already_approved");
    if (!already.isEmpty()) {
      out.append(out.length() == 0 ? "" : "\n").append("already approved: ").append(String.join(", ", already));
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static String description(Map<String, Object> difference) {
    if (difference.get("description") instanceof Map<?, ?> description) {
      Object before = description.get("old");
      Object now = description.get("new");
      return before == null ? String.valueOf(now) : before + " -> " + now;
    }
    return "(unchanged)";
  }
}
