package ai.tyrum.plugin.echo;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.ProvideTool;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** The tool {@code plugin.echo.echo}: returns its input text unchanged, the reference read-only tool. */
@ProvideTool(
    plugin = EchoPlugin.ID,
    name = "echo",
    effect = Effect.read_only,
    inputSchema = "schemas/echo.input.json",
    outputSchema = "schemas/echo.output.json",
    description = "Returns the text it is given.")
@Component(service = Tool.class)
public class EchoTool implements Tool {

  @Override
  public ToolResult invoke(ToolCall call) {
    return ToolResult.of(Map.of("text", call.string("text")));
  }
}
