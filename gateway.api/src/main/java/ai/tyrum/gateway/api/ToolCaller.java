package ai.tyrum.gateway.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls another tool, for a plugin granted {@code tools.call} on its exact id (DESIGN section 3). The
 * call takes the gateway's one call path for the agent of the call under way (exposure, contract,
 * policy, execution, output checks), and its audit record names the calling plugin.
 */
@ProviderType
public interface ToolCaller {

  /**
   * Calls {@code toolId} with {@code input} and returns its checked, redacted output.
   *
   * @throws PluginException {@code permission_denied} without a grant of {@code tools.call} on
   *     {@code toolId}; {@code outside_call} when no tool call of this plugin runs on this thread; else
   *     the code of the step of the call path that refused or failed, such as {@code tool_not_exposed}
   *     or {@code approval_required} (its message names the approval to grant)
   */
  ToolResult call(String toolId, Map<String, Object> input);
}
