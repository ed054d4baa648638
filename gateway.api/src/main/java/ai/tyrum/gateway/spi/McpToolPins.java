package ai.tyrum.gateway.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes the MCP tool pins of a plugin's lockfile entry ({@link LockEntry#mcpTools()}): the only way the
 * rest of the gateway changes the lockfile, which the marketplace alone writes.
 *
 * @since 2.3
 */
@ProviderType
public interface McpToolPins {

  /**
   * Pins {@code tools} (tool name to the hex SHA-256 of its definition) of server {@code serverId} of
   * plugin {@code pluginId}, replacing the pins of those tools and keeping the others, and records
   * {@code actor} in the entry's {@code approved_by} with {@code what} = {@code mcp_tools <server>}.
   *
   * @return the entry as written
   * @throws GatewayException {@code unknown_plugin} (404) when the lockfile holds no entry for the
   *     plugin, {@code invalid_pin} (400) for a tool or digest of the wrong form, or the lockfile's
   *     write failure; nothing changes then
   */
  LockEntry pin(String pluginId, String serverId, Map<String, String> tools, String actor);
}
