package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.registry.ToolService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool a running MCP server lists, and whether the gateway serves it.
 *
 * @param server the server that lists it
 * @param definition its name, description and input schema as listed now
 * @param sha256 the digest of {@code definition}, empty when it has none
 * @param readOnlyHint whether the server marks it read-only
 * @param state {@link State#served}, or {@link State#held} with {@code reason}
 * @param reason why it is held: {@code mcp_tool_held} (not approved in this form),
 *     {@code invalid_tool_name} or {@code invalid_schema}; empty when served
 * @param message what to do about it, for people; empty when served
 * @param difference for {@code mcp_tool_held}, what changed since the operator approved it
 * @param inputSchema the compiled input schema, present for a tool whose schema compiles
 * @param service what a call of the tool runs
 */
public record McpTool(
    McpServerId server,
    McpToolDefinition definition,
    String sha256,
    boolean readOnlyHint,
    State state,
    String reason,
    String message,
    Map<String, Object> difference,
    Optional<PluginSchema> inputSchema,
    ToolService service) {

  /** Whether a tool is callable. */
  public enum State {
    served,
    held
  }

  public McpTool {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(definition, "definition");
    difference = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(difference));
  }

  public String name() {
    return definition.name();
  }

  /**
   * Whether only an allowlist naming this tool exposes it (DESIGN section 4): always for a plugin holding an
   * access-expanding permission (its server runs with it), else unless the server marks the tool read-only
   * and policy trusts that server's hints.
   */
  public boolean optIn(boolean hintsTrusted, boolean accessExpanding) {
    return accessExpanding || !(readOnlyHint && hintsTrusted);
  }

  /** Why {@link #optIn} holds, as {@code tool:explain} says it. */
  public String optInWhy(boolean hintsTrusted, boolean accessExpanding) {
    if (accessExpanding) {
      return "MCP tool of a plugin with an access-expanding permission";
    }
    return readOnlyHint ? "MCP tool; server hints not trusted" : "MCP tool not marked read-only";
  }

  /** The callable id, {@code mcp.<plugin-id>.<server>.<tool>}. */
  public String toolId() {
    return server.toolId(definition.name());
  }

  public boolean served() {
    return state == State.served;
  }

  /** This tool held for {@code why}. */
  McpTool held(String why, String text, Map<String, Object> change) {
    return new McpTool(server, definition, sha256, readOnlyHint, State.held, why, text, change, inputSchema, service);
  }

  /** This tool served. */
  McpTool serving() {
    return new McpTool(server, definition, sha256, readOnlyHint, State.served, "", "", Map.of(), inputSchema, service);
  }

  /** As the surfaces show the tool's pin state. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", toolId());
    json.put("server", server.toString());
    json.put("name", name());
    json.put("state", state.name());
    json.put("read_only_hint", readOnlyHint);
    json.put("sha256", sha256);
    if (!served()) {
      json.put("reason", reason);
      json.put("message", message);
      if (!difference.isEmpty()) {
        json.put("difference", difference);
      }
    }
    return json;
  }

  /** The names of {@code tools}, in order. */
  static List<String> names(List<McpTool> tools) {
    return tools.stream().map(McpTool::name).toList();
  }
}
