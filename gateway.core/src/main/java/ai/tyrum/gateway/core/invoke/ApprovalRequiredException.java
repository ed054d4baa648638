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

  /** The HTTP status of an approval failure code. */
  static int status(String code) {
    return switch (code) {
      case "unknown_approval" -> 404;
      case "approval_expired" -> 410;
      case "approval_denied" -> 403;
      default -> 409; // approval_used, approval_mismatch, approval_pending, approval_already_decided
    };
  }
}
