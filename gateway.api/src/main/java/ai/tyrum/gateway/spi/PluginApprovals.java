package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable approvals of plugin operations (install, upgrade, enable) that policy puts under approval,
 * from one or more distinct operators. Kept in the approvals store beside the approvals of tool calls,
 * with the same events ({@code approval.requested}, {@code approval.decided}).
 *
 * @since 2.1
 */
@ProviderType
public interface PluginApprovals {

  /**
   * Finds or creates the approval {@code operation} needs. With {@code approvalId}, that approval must
   * cover exactly this operation; without, an approved one for the same operation is used, else the
   * pending one, else a new pending approval is recorded durably.
   *
   * @return in state {@code used} when the operation may run now (consumed), or {@code pending}
   * @throws ApprovalException {@code unknown_approval}, {@code approval_denied}, {@code approval_expired},
   *     {@code approval_used} or {@code approval_mismatch}
   */
  OperationApproval authorize(OperationRequest operation, int required, Optional<String> approvalId);

  /** Every operation approval known, newest first. */
  List<OperationApproval> list();

  Optional<OperationApproval> find(String id);

  /**
   * Records {@code actor}'s approval; the approval becomes {@code approved} once {@code required}
   * distinct operators approved it (event {@code approval.decided} then).
   *
   * @throws ApprovalException {@code unknown_approval}, {@code approval_expired},
   *     {@code approval_already_decided}, or {@code approver_repeated} when {@code actor} approved it already
   */
  OperationApproval approve(String id, String actor);

  /** Refuses it (event {@code approval.decided}). */
  OperationApproval deny(String id, String actor, String reason);
}
