package ai.tyrum.gateway.core.command;

import ai.tyrum.gateway.api.CommandRequest;
import ai.tyrum.gateway.api.CommandResult;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.core.config.PluginConfigs;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.registry.BoundCommand;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Dispatches slash commands typed as text ({@code /echo hello world}) to the plugin that declared
 * them, and audits each execution.
 */
@Component(service = CommandDispatcher.class)
public final class CommandDispatcher {

  private static final Pattern SLASH = Pattern.compile("^/([a-z][a-z0-9_-]{0,62})(?:\\s+(.*))?$", Pattern.DOTALL);
  static final int MAX_TEXT = 16 * 1024;

  @Reference PluginRegistry registry;
  @Reference GatewayEvents events;
  @Reference PluginConfigs configs;

  /**
   * Runs the command in {@code text} for {@code agent}.
   *
   * @throws ToolCallException {@code not_a_command}, {@code unknown_command} or {@code plugin_error}
   */
  public CommandResult execute(String text, String agent) {
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
    audit.put("input_bytes", typed.length());
    try {
      CommandResult result = command.service().execute(new CommandRequest(name, matcher.group(2), agent));
      if (result == null) {
        throw new ToolCallException("plugin_error", 502, "the plugin returned no result", List.of());
      }
      audit.put("outcome", "ok");
      audit.put("output_bytes", result.output().length());
      // like a tool's output, a command's answer never carries a sensitive value of its plugin's config
      return CommandResult.of(configs.redact(command.plugin().id(), result.output()));
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
}
