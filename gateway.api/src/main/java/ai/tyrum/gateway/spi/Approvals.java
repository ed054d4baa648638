package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable approvals of single tool calls (DESIGN section 4, step 3): a call that policy decides
 * {@code require_approval} runs only with an approval granted for exactly that call, and only once.
 *
 * @since 1.1
 */
@ProviderType
public interface Approvals {

  /**
   * Finds or creates the approval {@code call} needs. With {@code approvalId}, that approval must cover
   * exactly this call; without, an approved one for the same call is used, else the pending one for it,
   * else a new pending approval is recorded durably (event {@code approval.requested}).
   *
   * @return the approval in state {@code used} when the call may run now (it has been consumed and
   *     cannot run another call), or in state {@code pending} when the call must wait for an operator
   * @throws ApprovalException {@code unknown_approval}, {@code approval_denied}, {@code approval_expired},
   *     {@code approval_used} or {@code approval_mismatch}
   */
  Approval authorize(ApprovalRequest call, Optional<String> approvalId);

  /** Every approval known, newest first. */
  List<Approval> list();

  /** The approval with {@code id}. */
  Optional<Approval> find(String id);

  /**
   * Grants a pending approval (event {@code approval.decided}).
   *
   * @throws ApprovalException {@code unknown_approval}, {@code approval_expired} or
   *     {@code approval_already_decided}
   */
  Approval approve(String id, String actor);

  /**
   * Refuses a pending approval (event {@code approval.decided}).
   *
   * @throws ApprovalException like {@link #approve}
   */
  Approval deny(String id, String actor, String reason);
}
