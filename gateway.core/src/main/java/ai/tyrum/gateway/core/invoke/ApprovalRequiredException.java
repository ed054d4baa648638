package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.spi.Approval;
import java.util.List;

/**
 * Policy requires an operator's approval for this exact call and none is granted yet: the call did not
 * run. HTTP answers 202 with the approval, so that the caller can retry once it is approved.
 */
public final class ApprovalRequiredException extends ToolCallException {

  private static final long serialVersionUID = 1L;

  private final transient Approval approval;

  public ApprovalRequiredException(Approval approval) {
    super(
        "approval_required",
        202,
        "the call needs an operator's approval: approval:approve " + approval.id(),
        List.of(approval.id()));
    this.approval = approval;
  }

  public Approval approval() {
    return approval;
  }
}
