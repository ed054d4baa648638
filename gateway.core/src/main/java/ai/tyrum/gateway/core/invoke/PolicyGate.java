package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The policy and approvals services as the call path sees them. Both are optional and dynamic: the
 * gateway serves without the policy bundle, and every call then fails closed. Each is held from the
 * moment it arrives, never looked up per call.
 */
@Component(service = CallPolicy.class)
public final class PolicyGate implements CallPolicy {

  private volatile ToolPolicy policy;
  private volatile Approvals approvals;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  public void setPolicy(ToolPolicy policy) {
    this.policy = policy;
  }

  public void unsetPolicy(ToolPolicy policy) {
    // a greedy replacement is bound before the old one is unbound: forget only the one that leaves
    if (this.policy == policy) {
      this.policy = null;
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  public void setApprovals(Approvals approvals) {
    this.approvals = approvals;
  }

  public void unsetApprovals(Approvals approvals) {
    if (this.approvals == approvals) {
      this.approvals = null;
    }
  }

  @Override
  public PolicyDecision decide(ToolDescriptor contribution, String agent) {
    ToolPolicy current = policy;
    if (current == null) {
      return new PolicyDecision(Decision.deny, false, "policy_unavailable", "", "", List.of());
    }
    return current.decide(contribution, agent);
  }

  @Override
  public Optional<PolicyDecision> replay(ToolDescriptor contribution, String agent, String snapshotId) {
    ToolPolicy current = policy;
    return current == null ? Optional.empty() : current.replay(contribution, agent, snapshotId);
  }

  @Override
  public boolean trustsToolHints(String pluginId, String serverId) {
    ToolPolicy current = policy;
    return current != null && current.trustsToolHints(pluginId, serverId);
  }

  @Override
  public CallBudgets budgets() {
    ToolPolicy current = policy;
    return current == null ? CallBudgets.DEFAULT : current.budgets();
  }

  @Override
  public Optional<String> enforce(
      PolicyDecision decision, ApprovalRequest call, Optional<String> approvalId, Map<String, Object> audit) {
    if (decision.decision() == Decision.require_approval) {
      Approval approval = approve(call, approvalId);
      audit.put("approval", approval.id());
      if (approval.state() != Approval.State.used) {
        throw new ApprovalRequiredException(approval);
      }
      return Optional.of(approval.id());
    }
    if (decision.decision() != Decision.allow) {
      throw new ToolCallException(
          "denied_by_policy", 403, "policy denies " + call.toolId() + " to agent " + call.agent(), List.of(decision.reason()));
    }
    return Optional.empty();
  }

  private Approval approve(ApprovalRequest call, Optional<String> approvalId) {
    Approvals current = approvals;
    if (current == null) {
      throw new ToolCallException(
          "approval_unavailable", 503, "policy requires an approval for this call and no approvals service is running", List.of());
    }
    try {
      return current.authorize(call, approvalId);
    } catch (ApprovalException e) {
      throw new ToolCallException(e.code(), e.status(), e.getMessage(), approvalId.map(List::of).orElse(List.of()));
    }
  }
}
