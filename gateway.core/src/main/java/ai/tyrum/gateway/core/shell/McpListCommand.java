package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerStatus;
import ai.tyrum.gateway.core.mcp.McpServers;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mcp:list [--json]}: every MCP server plugins define, and where it stands. */
@Component(service = Function.class)
@Command(scope = "mcp", function = "list")
public final class McpListCommand extends ShellCommand {

  private final McpServers servers;

  @Activate
  public McpListCommand(@Reference McpServers servers) {
    this.servers = servers;
  }

  @Descriptor("lists the MCP servers plugins define: state, pid, restarts, tool count and why one failed")
  public String list(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("servers", servers.servers().stream().map(McpServerStatus::toJson).toList()));
    }
    return McpText.table(McpText.SERVER_COLUMNS, servers.servers());
  }
}
