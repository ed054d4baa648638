package ai.tyrum.gateway.core.invoke;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The one path of every plugin tool call (DESIGN section 4): exposure, contract, policy, execution,
 * output checks and one audit record, each step failing closed with a stable code.
 */
public interface ToolInvoker {

  /**
   * Calls {@code toolId} for {@code agent} with a parsed input, in the name of {@code actor}
   * ({@code token:<id>} or {@code console}), whom the audit record names.
   *
   * @param approvalId the approval granted for exactly this call, when policy requires one; without it
   *     an approved approval for the same call is used, else one is requested
   * @throws ApprovalRequiredException when the call waits for an operator's approval
   * @throws ToolCallException with the stable code of the step that refused or failed
   */
  ToolOutcome invoke(String agent, String actor, String toolId, JsonNode input, Optional<String> approvalId);

  /** Calls {@code toolId} with {@code input} as JSON text; {@code invalid_json} when it does not parse. */
  ToolOutcome invoke(String agent, String actor, String toolId, String input, Optional<String> approvalId);
}
