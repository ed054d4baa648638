package ai.tyrum.gateway.core.invoke;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tool call a worker thread runs now, as the host services see it: which plugin's tool, for which
 * agent. A secret is resolved only inside one (DESIGN section 3), and what was resolved is
 * {@linkplain #reveal remembered} so that the call path redacts it from the call's output and error.
 *
 * <p>Bound to the worker thread only while the plugin's code runs: a thread the plugin starts, or a
 * callback after the call, sees none.
 */
public final class ActiveCall {

  private static final ThreadLocal<ActiveCall> CURRENT = new ThreadLocal<>();

  private final String pluginId;
  private final String toolId;
  private final String agent;
  private final Optional<ActiveCall> caller;
  private final List<String> revealed = new CopyOnWriteArrayList<>();
  /** When the call's deadline passes ({@link System#nanoTime()}); {@code Long.MAX_VALUE} for none. */
  private volatile long deadline = Long.MAX_VALUE;

  /** A call made by someone other than a plugin (a token holder, the console). */
  public ActiveCall(String pluginId, String toolId, String agent) {
    this(pluginId, toolId, agent, Optional.empty());
  }

  /**
   * @param caller the plugin's call that made this one through {@code ToolCaller}, if any
   */
  public ActiveCall(String pluginId, String toolId, String agent, Optional<ActiveCall> caller) {
    this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    this.toolId = Objects.requireNonNull(toolId, "toolId");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  /**
   * Sets when the call's deadline passes ({@link System#nanoTime()}), so that what the call waits on (an
   * MCP server's answer) is given the time that is left.
   */
  public ActiveCall until(long deadlineNanos) {
    this.deadline = deadlineNanos;
    return this;
  }

  /** The time left until the call's deadline; a long time when it has none. */
  public java.time.Duration remaining() {
    long until = deadline;
    return until == Long.MAX_VALUE ? java.time.Duration.ofDays(1) : java.time.Duration.ofNanos(until - System.nanoTime());
  }

  /** The call that runs on this thread now, if any. */
  public static Optional<ActiveCall> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The call of plugin {@code pluginId} that runs on this thread now, if any. */
  public static Optional<ActiveCall> currentOf(String pluginId) {
    ActiveCall call = CURRENT.get();
    return call != null && call.pluginId.equals(pluginId) ? Optional.of(call) : Optional.empty();
  }

  /** Runs {@code body} with this call bound to the current thread, and unbinds it after, whatever happens. */
  public <T> T bind(java.util.function.Supplier<T> body) {
    ActiveCall outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return body.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  public String pluginId() {
    return pluginId;
  }

  public String toolId() {
    return toolId;
  }

  public String agent() {
    return agent;
  }

  /** The plugin's call that made this one, if a plugin made it. */
  public Optional<ActiveCall> caller() {
    return caller;
  }

  /** How many plugin calls lead to this one: 0 for a call a plugin did not make. */
  public int depth() {
    return caller.map(c -> c.depth() + 1).orElse(0);
  }

  /** Remembers a value handed to the plugin in this call, which its output and error must not show. */
  public void reveal(String value) {
    if (!value.isEmpty() && !revealed.contains(value)) {
      revealed.add(value);
    }
  }

  /** The values handed to the plugin in this call, in the order they were first handed out. */
  public List<String> revealed() {
    return List.copyOf(revealed);
  }

  /** The {@code tool_call} object of an event recorded inside this call. */
  public java.util.Map<String, Object> eventFields() {
    return java.util.Map.of("tool", toolId, "agent", agent);
  }
}
