package ai.tyrum.gateway.core.command;

import ai.tyrum.gateway.api.CommandRequest;
import ai.tyrum.gateway.api.CommandResult;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.core.config.Redactor;
import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.core.invoke.CallPolicy;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolGateway;
import ai.tyrum.gateway.core.registry.BoundCommand;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Dispatches slash commands typed as text ({@code /echo hello world}) to the plugin that declared
 * them, under the same policy rules as tools, and audits each execution. A command is decided as the
 * id {@code plugin.<plugin-id>.command.<name>} (no tool id can take that form: tool names have no
 * dots); a {@code state_changing} command, or any command of a plugin with an access-expanding
 * permission, is opt-in like such a tool.
 */
@Component(service = CommandDispatcher.class)
public final class CommandDispatcher {

  private static final Pattern SLASH = Pattern.compile("^/([a-z][a-z0-9_-]{0,62})(?:\\s+(.*))?$", Pattern.DOTALL);
  static final int MAX_TEXT = 16 * 1024;

  private final Plugins registry;
  private final CallPolicy policy;
  private final Redactor redactor;
  private final GatewayEvents events;

  @Activate
  public CommandDispatcher(
      @Reference Plugins registry,
      @Reference CallPolicy policy,
      @Reference Redactor redactor,
      @Reference GatewayEvents events) {
    this.registry = registry;
    this.policy = policy;
    this.redactor = redactor;
    this.events = events;
  }

  /**
   * Runs the command in {@code text} for {@code agent}, in the name of {@code actor} ({@code token:<id>}
   * or {@code console}), whom the audit record names.
   *
   * @throws ToolCallException {@code invalid_agent}, {@code not_a_command}, {@code unknown_command} or {@code plugin_error}
   */
  public CommandResult execute(String text, String agent, String actor) {
    ToolGateway.requireAgent(agent);
    String typed = text == null ? "" : text.strip();
    if (typed.length() > MAX_TEXT) {
      throw new ToolCallException("input_too_large", 413, "the command text is longer than " + MAX_TEXT, List.of());
    }
    Matcher matcher = SLASH.matcher(typed);
    if (!matcher.matches()) {
      throw new ToolCallException(
          "not_a_command", 400, "a command starts with '/' and a name, such as /echo hello", List.of());
    }
    String name = matcher.group(1);
    BoundCommand command =
        registry
            .command(name)
            .orElseThrow(
                () -> new ToolCallException("unknown_command", 404, "no loaded plugin serves /" + name, List.of()));
    long started = System.nanoTime();
    Map<String, Object> audit = new LinkedHashMap<>();
    audit.put("command", name);
    audit.put("plugin", command.plugin().eventIdentity());
    audit.put("agent", agent);
    audit.put("actor", actor);
    audit.put("input_bytes", utf8Bytes(typed));
    try {
      authorize(command, name, matcher.group(2) == null ? "" : matcher.group(2), agent, audit);
      CommandResult result = command.service().execute(new CommandRequest(name, matcher.group(2), agent));
      if (result == null) {
        throw new ToolCallException("plugin_error", 502, "the plugin returned no result", List.of());
      }
      audit.put("outcome", "ok");
      audit.put("output_bytes", utf8Bytes(result.output()));
      // like a tool's output, a command's answer never carries a sensitive value of its plugin's config
      return CommandResult.of(redactor.redact(command.plugin().id(), result.output()));
    } catch (ApprovalRequiredException e) {
      audit.put("outcome", "pending_approval");
      throw e;
    } catch (PluginException e) {
      audit.put("outcome", "error");
      audit.put("error", "plugin_error");
      throw new ToolCallException("plugin_error", 502, "the plugin reported " + e.code() + ": " + e.getMessage(), List.of(e.code()));
    } catch (ToolCallException e) {
      audit.put("outcome", "error");
      audit.put("error", e.code());
      throw e;
    } catch (RuntimeException e) {
      audit.put("outcome", "error");
      audit.put("error", "plugin_error");
      throw new ToolCallException(
          "plugin_error", 502, "the plugin failed with " + e.getClass().getSimpleName(), List.of());
    } finally {
      audit.put("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      events.record("plugin_command.executed", audit);
    }
  }

  /** Sizes in records are UTF-8 bytes, as a tool call's are. */
  private static int utf8Bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Steps 1 and 3 of the call path, as for a tool: the decision (fail closed), exposure, approval. */
  private void authorize(BoundCommand command, String name, String arguments, String agent, Map<String, Object> audit) {
    String pluginId = command.plugin().id();
    boolean stateChanging = "state_changing".equals(command.declaration().effect());
    boolean accessExpanding = command.plugin().manifest().map(m -> m.accessExpanding()).orElse(true);
    String commandId = "plugin." + pluginId + ".command." + name;
    PolicyDecision decision =
        policy.decide(new ToolDescriptor(commandId, pluginId, stateChanging, accessExpanding), agent);
    CallPolicy.record(decision, audit);
    if (!decision.exposed()) {
      throw new ToolCallException(
          "command_not_exposed", 403, "/" + name + " is not exposed to agent " + agent, List.of(decision.reason()));
    }
    String inputSha256 = ToolGateway.canonicalSha256(Map.of("text", arguments));
    audit.put("input_sha256", inputSha256);
    policy.enforce(decision, new ApprovalRequest(commandId, agent, inputSha256, decision.snapshotId()), Optional.empty(), audit);
  }
}
