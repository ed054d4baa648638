package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpServerStatus;
import ai.tyrum.gateway.core.mcp.McpServers;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mcp:tools [PLUGIN/SERVER] [--json]}: the tools the running servers listed, with their callable ids. */
@Component(service = Function.class)
@Command(scope = "mcp", function = "tools")
public final class McpToolsCommand extends ShellCommand {

  private final McpServers servers;

  @Activate
  public McpToolsCommand(@Reference McpServers servers) {
    this.servers = servers;
  }

  @Descriptor("lists the tools each running MCP server listed: name, callable id, read-only hint, description")
  public String tools(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("only this server, PLUGIN/SERVER") String... server) {
    if (server.length > 1) {
      throw usageError("name at most one server");
    }
    List<McpServerStatus> shown;
    if (server.length == 1) {
      McpServerId id = McpServerId.parse(server[0]);
      shown = List.of(servers.server(id).orElseThrow(() -> new CommandError("unknown_mcp_server",
          "no known plugin defines MCP server " + id, List.of("mcp:list shows the servers"))));
    } else {
      shown = servers.servers();
    }
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("tools", McpText.tools(shown).stream()
          .map(t -> {
            Map<String, Object> tool = new java.util.LinkedHashMap<>(t.server().toolJson(t.tool()));
            tool.put("server", t.server().id().toString());
            return tool;
          }).toList()));
    }
    return McpText.table(McpText.TOOL_COLUMNS, McpText.tools(shown));
  }
}
