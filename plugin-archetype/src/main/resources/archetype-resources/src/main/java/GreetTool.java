package ${package};

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.ProvideTool;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The tool {@code plugin.${pluginId}.greet}: answers {@code {"greeting": "<greeting>, <name>!"}}. The gateway
 * hands the plugin's config to this component through ConfigAdmin (PID {@code tyrum.plugin.${pluginId}}); a
 * change reaches it through the modified method without a restart.
 */
@ProvideTool(
    plugin = ${className}Plugin.ID,
    name = "greet",
    effect = Effect.read_only,
    inputSchema = "schemas/greet.input.json",
    outputSchema = "schemas/greet.output.json",
    description = "Greets the name it is given with the configured greeting.")
@Component(service = Tool.class, configurationPid = ${className}Plugin.CONFIG_PID)
public class GreetTool implements Tool {

  /** The part of the plugin's config this component reads (schemas/config.json). */
  @interface Config {
    String greeting() default "Hello";
  }

  private volatile String greeting = "Hello";

  @Activate
  void activate(Config config) {
    greeting = config.greeting();
  }

  @Modified
  void modified(Config config) {
    greeting = config.greeting();
  }

  @Override
  public ToolResult invoke(ToolCall call) {
    return ToolResult.of(Map.of("greeting", greeting + ", " + call.string("name") + "!"));
  }
}
