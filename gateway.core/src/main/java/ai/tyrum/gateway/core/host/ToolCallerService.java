package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolCaller;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.invoke.ActiveCall;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.Permission;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * {@link ToolCaller} for one plugin (DESIGN section 3, {@code tools.call}): a tool the plugin holds a
 * grant of by exact id is called through the one call path, for the agent of the plugin's call under
 * way, with the calling plugin as the actor; the call path names the calling tool in the audit record
 * ({@code called_by}).
 */
@Component(service = ToolCaller.class, scope = ServiceScope.BUNDLE)
public final class ToolCallerService implements ToolCaller {

  /**
   * How deep plugin calls may nest: a plugin calling itself, or two calling each other, end here rather
   * than when every worker is taken.
   */
  static final int MAX_DEPTH = 3;

  private final PluginGrants grants;
  private final ToolInvoker invoker;
  private final Bundle caller;

  @Activate
  public ToolCallerService(@Reference PluginGrants grants, @Reference ToolInvoker invoker, ComponentContext context) {
    this.grants = grants;
    this.invoker = invoker;
    this.caller = context.getUsingBundle();
  }

  @Override
  public ToolResult call(String toolId, Map<String, Object> input) {
    PluginRecord plugin = grants.require(caller, Permission.TOOLS_CALL, toolId);
    ActiveCall call = grants.requireCall(plugin, caller, Permission.TOOLS_CALL, toolId);
    grants.requireGranted(plugin, caller, Permission.TOOLS_CALL, toolId);
    if (call.depth() + 1 > MAX_DEPTH) {
      throw new PluginException("call_depth_exceeded", "tool calls made by plugins nest at most " + MAX_DEPTH
          + " deep; " + call.toolId() + " may not call " + toolId);
    }
    Map<String, Object> arguments;
    try {
      arguments = new ToolCall(toolId, call.agent(), input).input(); // JSON-shaped values only
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PluginException("invalid_input", "the input is not a JSON object: " + e.getMessage());
    }
    try {
      // the plugin's frames are on the stack: the call path's own acts (audit, approvals) are the gateway's
      ToolOutcome outcome = AccessController.doPrivileged((PrivilegedAction<ToolOutcome>) () -> invoker.invoke(
          call.agent(), "plugin:" + plugin.id(), toolId, Json.MAPPER.valueToTree(arguments), Optional.empty()));
      return ToolResult.of(outcome.output());
    } catch (ToolCallException e) {
      // the code is the step's (tool_not_exposed, approval_required, ...); the message says what to do
      throw new PluginException(e.code(), e.getMessage());
    }
  }
}
