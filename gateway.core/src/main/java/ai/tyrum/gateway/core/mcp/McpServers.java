package ai.tyrum.gateway.core.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP servers that plugins define, which the gateway runs out of process and supervises: what runs,
 * and a call of one of its tools.
 */
public interface McpServers {

  /** Every server of every known plugin, by plugin id then server id. */
  List<McpServerStatus> servers();

  /** The server {@code id}, if a known plugin defines it. */
  Optional<McpServerStatus> server(McpServerId id);

  /**
   * Calls tool {@code name} of the running server {@code id}; the caller (the call path) has already
   * decided that the call may go.
   *
   * @throws ai.tyrum.gateway.core.invoke.ToolCallException {@code mcp_server_unavailable} (503) when the
   *     server is not running, {@code tool_timeout} (504) past {@code timeout}, {@code mcp_error} (502)
   *     when the server answers with a protocol error
   */
  McpSchema.CallToolResult call(McpServerId id, String name, Map<String, Object> arguments, Duration timeout);

  /**
   * Stops server {@code id} and starts it again at once, with its restart and crash counts reset: also
   * how a failed server is tried again. At the gateway's console.
   *
   * @throws ai.tyrum.gateway.spi.GatewayException {@code unknown_mcp_server} (404) when no known plugin
   *     defines it, {@code plugin_not_loaded} (409) when its plugin is not loaded and enabled
   */
  void restart(McpServerId id);

  /** {@link #restart(McpServerId)} in the name of {@code actor}, whom the {@code mcp.server.stopped} record names. */
  default void restart(McpServerId id, String actor) {
    restart(id);
  }
}
