package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpServers;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mcp:restart PLUGIN/SERVER}: stops a server and starts it again, its crash count reset; tries a failed one again. */
@Component(service = Function.class)
@Command(scope = "mcp", function = "restart")
public final class McpRestartCommand extends ShellCommand {

  private final McpServers servers;

  @Activate
  public McpRestartCommand(@Reference McpServers servers) {
    this.servers = servers;
  }

  @Descriptor("stops an MCP server and starts it again with its crash count reset; tries a failed server again")
  public String restart(@Descriptor("the server, PLUGIN/SERVER, such as mcp-server/everything") String server) {
    McpServerId id = McpServerId.parse(server);
    servers.restart(id, SecretStore.CONSOLE);
    return "restarting " + id + "; mcp:status " + id + " shows when it runs";
  }
}
