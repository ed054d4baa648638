package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.registry.BoundTool;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools of the running MCP servers as the call path and the catalogue see them
 * ({@code mcp.<plugin-id>.<server>.<tool>}), served or held for an operator's approval.
 */
public interface McpTools {

  /** No MCP tool at all: for a call path without MCP servers. */
  McpTools NONE = new McpTools() {
    @Override
    public Optional<BoundTool> tool(String toolId) {
      return Optional.empty();
    }

    @Override
    public List<McpTool> tools() {
      return List.of();
    }

    @Override
    public Map<String, Object> approve(McpServerId server, List<String> tools, String actor) {
      throw McpToolCatalogue.unknownServer(server);
    }
  };

  /** The served tool {@code toolId}, bound for the call path like a plugin's tool; empty when held or unknown. */
  Optional<BoundTool> tool(String toolId);

  /** Every tool the running servers list, served and held, by id. */
  List<McpTool> tools();

  /** The listed tool {@code toolId}, served or held. */
  default Optional<McpTool> listed(String toolId) {
    return tools().stream().filter(t -> t.toolId().equals(toolId)).findFirst();
  }

  /**
   * Pins the held {@code tools} of {@code server} as they are listed now (every held valid tool when
   * {@code tools} is empty), so that they are served: the operator's approval.
   *
   * @return {@code server}, {@code approved} (each with its difference), {@code already_approved}
   * @throws ai.tyrum.gateway.spi.GatewayException {@code unknown_mcp_server}, {@code unknown_mcp_tool},
   *     {@code mcp_tool_invalid}, {@code nothing_to_approve}, {@code marketplace_unavailable} or the
   *     lockfile's failure; nothing changes then
   */
  Map<String, Object> approve(McpServerId server, List<String> tools, String actor);
}
