package ai.tyrum.gateway.api;

import java.util.Map;

/**
 * What a tool returns.
 *
 * @param output a JSON object as maps, lists, strings, numbers, booleans and nulls; validated against
 *     the tool's output schema by the gateway
 */
public record ToolResult(Map<String, Object> output) {

  public ToolResult {
    output = JsonValues.copyObject(output);
  }

  /** A result whose output is {@code output}. */
  public static ToolResult of(Map<String, Object> output) {
    return new ToolResult(output);
  }
}
