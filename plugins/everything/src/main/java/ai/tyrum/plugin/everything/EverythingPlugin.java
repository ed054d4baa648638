package ai.tyrum.plugin.everything;

import ai.tyrum.gateway.api.Plugin;
import ai.tyrum.gateway.api.ProvideMcpServer;

/**
 * The everything plugin's identity and its MCP server: its {@code tyrum.plugin} and {@code tyrum.mcp}
 * capabilities. Nothing of the plugin runs in the gateway (no component, no activator): the gateway reads
 * the definition, runs {@code mcp-server-everything stdio} as a child process while the plugin is loaded,
 * and serves the server's tools as {@code mcp.everything.everything.<tool>}. It asks for no permission, so
 * it loads on the first start like the other examples.
 */
@Plugin(
    id = EverythingPlugin.ID,
    name = "Everything",
    description = "The MCP reference server server-everything: the gateway runs it and bridges its tools.",
    configSchema = "schemas/config.json")
@ProvideMcpServer(plugin = EverythingPlugin.ID, id = EverythingPlugin.SERVER, definition = "mcp/everything.json")
final class EverythingPlugin {

  /** The plugin id: its server's tools become {@code mcp.everything.<server>.<tool>}. */
  static final String ID = "everything";

  /** The MCP server's id. */
  static final String SERVER = "everything";

  private EverythingPlugin() {}
}
