package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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

  private static final Pattern WRITTEN = Pattern.compile("([a-z][a-z0-9-]{0,62})/([a-z][a-z0-9_-]{0,62})");

  /**
   * The server {@code text} names as {@code <plugin-id>/<server>}, as the shell and the HTTP API take it.
   *
   * @throws GatewayException {@code invalid_mcp_server_id} (400)
   */
  public static McpServerId parse(String text) {
    var matcher = WRITTEN.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new GatewayException("invalid_mcp_server_id", 400, "\"" + text + "\" is not an MCP server;"
          + " write PLUGIN/SERVER, such as mcp-server/everything (mcp:list shows them)", List.of("server"));
    }
    return new McpServerId(matcher.group(1), matcher.group(2));
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
