package ai.tyrum.gateway.core.mcp;

import java.util.Objects;

/**
 * One MCP server a plugin defines ({@code tyrum.mcp=<server id>}): the plugin's id and the server's.
 *
 * @param pluginId the defining plugin's id
 * @param serverId the server's id, {@code [a-z][a-z0-9_-]{0,62}}
 */
public record McpServerId(String pluginId, String serverId) {

  public McpServerId {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(serverId, "serverId");
  }

  /** The callable id of the server's tool {@code name}: {@code mcp.<plugin-id>.<server>.<tool>}. */
  public String toolId(String name) {
    return "mcp." + pluginId + "." + serverId + "." + name;
  }

  /** How the shell and the HTTP API name the server: {@code <plugin-id>/<server>}. */
  @Override
  public String toString() {
    return pluginId + "/" + serverId;
  }
}
