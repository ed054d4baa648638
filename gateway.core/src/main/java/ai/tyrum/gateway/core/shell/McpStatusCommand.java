package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpServerStatus;
import ai.tyrum.gateway.core.mcp.McpServers;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mcp:status PLUGIN/SERVER [--json]}: where one MCP server stands, and its tools. */
@Component(service = Function.class)
@Command(scope = "mcp", function = "status")
public final class McpStatusCommand extends ShellCommand {

  private final McpServers servers;

  @Activate
  public McpStatusCommand(@Reference McpServers servers) {
    this.servers = servers;
  }

  @Descriptor("shows one MCP server: state, pid, restarts, why it failed, and the tools it listed")
  public String status(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the server, PLUGIN/SERVER, such as mcp-server/everything") String server) {
    McpServerId id = McpServerId.parse(server);
    McpServerStatus status = servers.server(id).orElseThrow(() -> new CommandError("unknown_mcp_server",
        "no known plugin defines MCP server " + id, List.of("mcp:list shows the servers")));
    if (json) {
      return Json.PRETTY.writeValueAsString(status.toJson());
    }
    String table = McpText.table(McpText.SERVER_COLUMNS, List.of(status));
    return status.tools().isEmpty() ? table : table + "\n" + McpText.table(McpText.TOOL_COLUMNS, McpText.tools(List.of(status)));
  }
}
