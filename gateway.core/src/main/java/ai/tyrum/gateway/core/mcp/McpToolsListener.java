package ai.tyrum.gateway.core.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * Told by the supervisor what each server's tools are (a whiteboard service: the bridge that puts them in
 * the catalogue registers one). Called on the supervisor's threads, one server at a time in order.
 */
public interface McpToolsListener {

  /** Server {@code id} listed {@code tools}: after each start, and on each {@code notifications/tools/list_changed}. */
  void toolsListed(McpServerId id, List<McpSchema.Tool> tools);

  /** Server {@code id} serves no tool any more: it stopped, exited, failed, or its plugin went. */
  void serverStopped(McpServerId id);
}
