package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.invoke.ActiveCall;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.lib.json.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A call of an MCP server's tool as the call path runs it: on its worker, within the call's deadline
 * (the server gets the time that is left), after the path has checked exposure, input and policy.
 */
final class McpToolCall implements Tool {

  /** The time a call made outside the call path gets; the call path always sets its own deadline. */
  private static final Duration OUTSIDE_CALL_PATH = Duration.ofSeconds(30);

  private final McpServerId server;
  private final String name;
  private final Supplier<Optional<McpServers>> servers;

  McpToolCall(McpServerId server, String name, Supplier<Optional<McpServers>> servers) {
    this.server = server;
    this.name = name;
    this.servers = servers;
  }

  @Override
  public ToolResult invoke(ToolCall call) {
    Duration left = ActiveCall.current().map(ActiveCall::remaining).orElse(OUTSIDE_CALL_PATH);
    if (left.isZero() || left.isNegative()) {
      throw new ToolCallException("tool_timeout", 504, "the call's deadline passed before server " + server + " was asked", List.of());
    }
    McpServers running = servers.get().orElseThrow(() -> new ToolCallException(
        "mcp_server_unavailable", 503, "the gateway runs no MCP servers right now; retry later", List.of(server.toString())));
    return ToolResult.of(output(running.call(server, name, call.input(), left)));
  }

  /**
   * The output of a call: {@code {"content": [...]}} with the MCP content as the server gave it, and
   * {@code structuredContent} when it gave that too.
   *
   * @throws ToolCallException {@code mcp_tool_error} with the server's text when the result is an error
   */
  static Map<String, Object> output(McpSchema.CallToolResult result) {
    List<Object> content = new ArrayList<>();
    if (result.content() != null) {
      for (McpSchema.Content part : result.content()) {
        content.add(Json.MAPPER.convertValue(part, Map.class));
      }
    }
    if (Boolean.TRUE.equals(result.isError())) {
      List<String> texts = new ArrayList<>();
      if (result.content() != null) {
        result.content().forEach(part -> {
          if (part instanceof McpSchema.TextContent text && text.text() != null) {
            texts.add(text.text());
          }
        });
      }
      // the server's own words reach the caller; the call path redacts them like a plugin's error
      String message = texts.isEmpty() ? "the MCP tool reported an error without text" : String.join("\n", texts);
      throw new ToolCallException("mcp_tool_error", 502, message, List.of());
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("content", content);
    if (result.structuredContent() != null) {
      output.put("structuredContent", Json.MAPPER.convertValue(result.structuredContent(), Object.class));
    }
    return output;
  }
}
