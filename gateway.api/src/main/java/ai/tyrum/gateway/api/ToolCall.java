package ai.tyrum.gateway.api;

import java.util.Map;
import java.util.Objects;

/**
 * One call of a tool.
 *
 * @param toolId the callable id, {@code plugin.<plugin-id>.<name>}
 * @param agent the agent on whose behalf the call is made
 * @param input the validated input: a JSON object as maps, lists, strings, numbers, booleans and nulls
 */
public record ToolCall(String toolId, String agent, Map<String, Object> input) {

  public ToolCall {
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(agent, "agent");
    input = JsonValues.copyObject(input);
  }

  /** The string at {@code key} of the input, or {@code ""} when absent or not a string. */
  public String string(String key) {
    return input.get(key) instanceof String s ? s : "";
  }
}
