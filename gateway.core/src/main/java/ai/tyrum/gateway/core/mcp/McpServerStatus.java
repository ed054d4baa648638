package ai.tyrum.gateway.core.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one supervised server stands.
 *
 * @param id the server
 * @param transport {@code stdio} or {@code http}
 * @param state where it stands
 * @param pid the process id of a stdio server's current or last process (kept after it stops, so that
 *     one can check nothing is left), empty before the first
 * @param restarts how many times it was restarted since it was last started by hand or by its plugin
 * @param reason why it is {@link State#failed} or stopped, a stable snake_case code; empty otherwise
 * @param since when it entered {@code state}
 * @param tools the tools it listed last (empty until it has)
 */
public record McpServerStatus(
    McpServerId id,
    String transport,
    State state,
    Optional<Long> pid,
    int restarts,
    Optional<String> reason,
    Instant since,
    List<McpSchema.Tool> tools) {

  /** The states of a supervised server. */
  public enum State {
    starting,
    running,
    /** Exited or lost; waits out its backoff before it starts again. */
    restarting,
    /** Crashed too often, or cannot start at all; stays so until an operator restarts it. */
    failed,
    /** Its plugin is not loaded, or the gateway stops. */
    stopped
  }

  public McpServerStatus {
    tools = List.copyOf(tools);
  }

  /** The status as {@code GET /mcp/servers} and {@code --json} show it; {@code tools} by name only. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id.toString());
    json.put("plugin", id.pluginId());
    json.put("server", id.serverId());
    json.put("transport", transport);
    json.put("state", state.name());
    pid.ifPresent(p -> json.put("pid", p));
    json.put("restarts", restarts);
    reason.ifPresent(r -> json.put("reason", r));
    json.put("since", since.toString());
    json.put("tools", tools.stream().map(McpSchema.Tool::name).toList());
    return json;
  }

  /** One listed tool as {@code mcp:tools --json} shows it: name, callable id, read-only hint, description. */
  public Map<String, Object> toolJson(McpSchema.Tool tool) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", tool.name());
    json.put("id", id.toolId(tool.name()));
    json.put("read_only_hint", readOnlyHint(tool));
    json.put("description", tool.description() == null ? "" : tool.description());
    return json;
  }

  /** Whether the server marks {@code tool} read-only ({@code annotations.readOnlyHint}); a hint, trusted only if policy says so. */
  public static boolean readOnlyHint(McpSchema.Tool tool) {
    return tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
  }
}
