package ai.tyrum.bench.scale;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import java.util.List;
import java.util.Map;

/**
 * The one class of every plugin that {@code ScalePlugins} generates: each of a plugin's ten DS components
 * is an instance of it, named by its {@code tyrum.tool.name} property. It answers with the query it was
 * given and one item, the shape its generated output schema describes.
 *
 * <p>Outside {@code ai.tyrum.gateway}, as a third-party plugin's classes are: the verified pipeline refuses
 * a plugin that carries the gateway's packages.
 */
public class ScaleTool implements Tool {

  private volatile String name = "";

  /** DS activation: the component's properties, of which only the tool's name is read. */
  public void activate(Map<String, Object> properties) {
    name = String.valueOf(properties.get("tyrum.tool.name"));
  }

  @Override
  public ToolResult invoke(ToolCall call) {
    String query = call.string("query");
    return ToolResult.of(Map.of(
        "text", query,
        "tool", name,
        "items", List.of(Map.of("id", name + "-1", "title", query, "score", 1.0))));
  }
}
