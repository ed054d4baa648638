package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.util.Map;
import java.util.Optional;

/**
 * Steps 1 and 3 of the call path (DESIGN section 4) for any plugin contribution, a tool or a slash
 * command under its {@code plugin.<id>.command.<name>} id: the policy's decision, and its enforcement
 * with approvals. Both fail closed: without a policy every contribution is denied, and a call that
 * needs an approval never runs without the approvals service.
 */
public interface CallPolicy {

  /** The policy decision for {@code contribution} and {@code agent} now; {@code policy_unavailable} without a policy. */
  PolicyDecision decide(ToolDescriptor contribution, String agent);

  /** The decision policy snapshot {@code snapshotId} gave, when that snapshot is known. */
  Optional<PolicyDecision> replay(ToolDescriptor contribution, String agent, String snapshotId);

  /**
   * Lets {@code allow} through, refuses {@code deny}, and for {@code require_approval} uses the granted
   * approval covering exactly {@code call}, or requests one.
   *
   * @return the approval the call runs under, if any (also put into {@code audit})
   * @throws ApprovalRequiredException when the call waits for an operator's approval
   * @throws ToolCallException {@code denied_by_policy}, or the approval's failure code
   */
  Optional<String> enforce(
      PolicyDecision decision, ApprovalRequest call, Optional<String> approvalId, Map<String, Object> audit);

  /** The call budgets of the policy in force; the shipped defaults without a policy, when no call runs anyway. */
  CallBudgets budgets();

  /**
   * Whether policy trusts the tool hints of MCP server {@code serverId} of plugin {@code pluginId}; never
   * without a policy.
   */
  default boolean trustsToolHints(String pluginId, String serverId) {
    return false;
  }

  /** Puts what decided a call (snapshot, decision, reason) into its audit record. */
  static void record(PolicyDecision decision, Map<String, Object> audit) {
    audit.put("policy_snapshot", decision.snapshotId());
    audit.put("decision", decision.decision().name());
    audit.put("reason", decision.reason());
  }
}
