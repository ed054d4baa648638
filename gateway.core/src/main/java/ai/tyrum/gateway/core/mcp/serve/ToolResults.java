package ai.tyrum.gateway.core.mcp.serve;

import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.GatewayException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An MCP {@code tools/call} through the one call path, {@link ToolInvoker}, and its answer as an MCP
 * tool result. Every refusal is a tool result with {@code isError: true} (MCP 2025-06-18, Tools, "Error
 * Handling"), so that the agent's model reads why: {@code <code>: <message>} as the HTTP API's error
 * names them, and for a call waiting for approval, the approval's id and what the operator runs.
 */
final class ToolResults {

  private static final System.Logger LOG = System.getLogger(ToolResults.class.getName());

  private ToolResults() {}

  /**
   * Calls {@code toolId} as {@code agent} in the name of {@code actor}; the call path audits it.
   *
   * @param arguments the call's arguments, absent when the request sent none
   */
  static CallToolResult call(ToolInvoker tools, String agent, String actor, String toolId, Optional<Map<String, Object>> arguments) {
    JsonNode input = Json.MAPPER.valueToTree(arguments.orElse(Map.of()));
    try {
      return success(tools.invoke(agent, actor, toolId, input, Optional.empty()));
    } catch (GatewayException refusal) {
      return refusal(refusal);
    } catch (RuntimeException failure) {
      LOG.log(System.Logger.Level.ERROR, "MCP tools/call of " + toolId + " for agent " + agent + " failed", failure);
      return error("internal_error: the gateway failed to answer; see its log");
    }
  }

  /** The output as structured content, and the same JSON as the one text content. */
  static CallToolResult success(ToolOutcome outcome) {
    return CallToolResult.builder()
        .structuredContent(outcome.output())
        .addTextContent(Json.string(outcome.output()))
        .isError(false)
        .build();
  }

  /** A refused or failed call, or one that waits for an operator's approval. */
  static CallToolResult refusal(GatewayException refusal) {
    if (refusal instanceof ApprovalRequiredException pending) {
      String id = pending.approval().id();
      return error("approval_required: policy requires an operator's approval for this call, and approval " + id
          + " is pending. An operator approves it with `approval:approve " + id + "` in the gateway shell or POST /approvals/"
          + id + "/approve; then call this tool again with the same arguments.");
    }
    String details = refusal.details().isEmpty() ? "" : " (" + String.join("; ", refusal.details()) + ")";
    return error(refusal.code() + ": " + refusal.getMessage() + details);
  }

  private static CallToolResult error(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }
}
