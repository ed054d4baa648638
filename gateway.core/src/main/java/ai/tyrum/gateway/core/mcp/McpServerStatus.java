package ai.tyrum.gateway.core.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where one supervised server stands.
 *
 * @param id the server
 * @param transport {@code stdio} or {@code http}
 * @param state where it stands
 * @param pid the process id of a running stdio server, empty otherwise
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
}
