package ai.tyrum.gateway.core.mcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How the gateway supervises the MCP servers plugins define, configuration PID {@value #PID}: the restart
 * backoff, when repeated crashes mark a server failed, and how long starting and stopping may take. A
 * change counts from the next start, crash or stop on.
 */
@ObjectClassDefinition(
    name = "Tyrum MCP servers",
    description = "Restart backoff, crash-loop limit and timeouts of the MCP servers plugins define.")
public @interface McpSettings {

  String PID = "tyrum.mcp";

  @AttributeDefinition(
      name = "First backoff (ms)",
      description = "How long after its first crash a server is started again; each further crash doubles it.",
      min = "1")
  long backoff_initial_ms() default 1_000;

  @AttributeDefinition(
      name = "Longest backoff (ms)",
      description = "The most a doubled backoff grows to.",
      min = "1")
  long backoff_max_ms() default 30_000;

  @AttributeDefinition(
      name = "Crash limit",
      description = "The crash, within the crash window, that marks a server failed (crash_loop) instead of restarting it.",
      min = "1")
  int crash_limit() default 5;

  @AttributeDefinition(
      name = "Crash window (s)",
      description = "How far back crashes count towards the crash limit.",
      min = "1")
  long crash_window_seconds() default 300;

  @AttributeDefinition(
      name = "Start timeout (ms)",
      description = "How long a server may take to answer initialize and list its tools; then it counts as crashed.",
      min = "1")
  long start_timeout_ms() default 30_000;

  @AttributeDefinition(
      name = "Stop grace (ms)",
      description = "How long a stopped server and its descendants may take to exit after SIGTERM before they are killed.",
      min = "0")
  long stop_grace_ms() default 2_000;

  @AttributeDefinition(
      name = "Longest call (ms)",
      description = "The longest a tool call to a server may wait for its answer, whatever its caller allows.",
      min = "1")
  long max_call_ms() default 300_000;
}
