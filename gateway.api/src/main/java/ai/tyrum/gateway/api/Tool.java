package ai.tyrum.gateway.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tool a plugin adds. Register it as a DS service annotated with {@link ProvideTool}.
 *
 * <p>The gateway calls {@link #invoke} only with input that already satisfies the tool's input schema,
 * on its own bounded executor, and validates, redacts and caps the output before anyone sees it.
 */
@ConsumerType
public interface Tool {

  /**
   * Runs one call.
   *
   * @throws PluginException with a stable code for a failure the caller should see as such
   */
  ToolResult invoke(ToolCall call);
}
