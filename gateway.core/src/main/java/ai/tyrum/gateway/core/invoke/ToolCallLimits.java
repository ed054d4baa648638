package ai.tyrum.gateway.core.invoke;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The limits of every plugin tool call (DESIGN section 4), configuration PID {@value #PID}. The
 * defaults are the ones DESIGN names; a change applies to calls that start after it.
 */
@ObjectClassDefinition(
    name = "Tyrum tool calls",
    description = "Deadline, size caps and concurrency of plugin tool calls.")
public @interface ToolCallLimits {

  String PID = "tyrum.calls";

  @AttributeDefinition(
      name = "Deadline (ms)",
      description = "How long a call may take, the wait for a free slot included; then tool_timeout.",
      min = "1")
  long timeout_ms() default 30_000;

  @AttributeDefinition(
      name = "Input cap (bytes)",
      description = "Largest input, as canonical JSON (RFC 8785) in UTF-8; larger is input_too_large.",
      min = "1")
  int max_input_bytes() default 64 * 1024;

  @AttributeDefinition(
      name = "Output cap (bytes)",
      description = "Largest output as JSON in UTF-8; a larger one is truncated with a marker.",
      min = "1")
  int max_output_bytes() default 32 * 1024;

  @AttributeDefinition(
      name = "Concurrent calls",
      description = "Tool calls of all plugins running at once; 0 means four per processor, at least 4.",
      min = "0")
  int max_concurrent_calls() default 0;

  @AttributeDefinition(
      name = "Calls per plugin",
      description = "Calls of one plugin holding a thread at once, those still running past their deadline"
          + " included; one more is refused as plugin_busy. 0 means half the concurrent calls, at least 1.",
      min = "0")
  int max_calls_per_plugin() default 0;

  @AttributeDefinition(
      name = "Budgets enforced",
      description = "Whether each call's CPU time and allocation on its worker are measured against the policy's"
          + " budgets (budgets: cpu_ms, alloc_mb); false measures nothing, so no call fails budget_exceeded.")
  boolean budgets_enforced() default true;
}
