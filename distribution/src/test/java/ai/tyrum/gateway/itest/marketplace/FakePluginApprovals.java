package ai.tyrum.gateway.itest.marketplace;

import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.OperationRequest;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PluginApprovals} in memory, in place of gateway.policy's: an approval needs {@code required}
 * distinct operators, and the same operator approving twice is refused ({@code approver_repeated}).
 */
final class FakePluginApprovals implements PluginApprovals {

  private final Map<String, OperationApproval> byId = new ConcurrentHashMap<>();

  /** Records a pending approval of {@code operation} that {@code required} operators must approve. */
  OperationApproval pending(String id, OperationRequest operation, int required) {
    OperationApproval approval = new OperationApproval(id, operation, Approval.State.pending, required, List.of(),
        Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-07T10:00:00Z"), "", "");
    byId.put(id, approval);
    return approval;
  }

  @Override
  public OperationApproval authorize(OperationRequest operation, int required, Optional<String> approvalId) {
    throw new UnsupportedOperationException("the HTTP API only lists and decides");
  }

  @Override
  public List<OperationApproval> list() {
    return new ArrayList<>(byId.values());
  }

  @Override
  public Optional<OperationApproval> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public OperationApproval approve(String id, String actor) {
    OperationApproval current = find(id).orElseThrow(() -> new ApprovalException("unknown_approval", "no approval " + id));
    if (current.state() != Approval.State.pending) {
      throw new ApprovalException("approval_already_decided", "approval " + id + " is " + current.state());
    }
    if (current.approvers().contains(actor)) {
      throw new ApprovalException("approver_repeated", actor + " approved " + id + " already; another operator must");
    }
    List<String> approvers = new ArrayList<>(current.approvers());
    approvers.add(actor);
    Approval.State state = approvers.size() >= current.required() ? Approval.State.approved : Approval.State.pending;
    OperationApproval decided = new OperationApproval(id, current.operation(), state, current.required(), approvers,
        current.requestedAt(), current.expiresAt(), "", "");
    byId.put(id, decided);
    return decided;
  }

  @Override
  public OperationApproval deny(String id, String actor, String reason) {
    OperationApproval current = find(id).orElseThrow(() -> new ApprovalException("unknown_approval", "no approval " + id));
    OperationApproval denied = new OperationApproval(id, current.operation(), Approval.State.denied, current.required(),
        current.approvers(), current.requestedAt(), current.expiresAt(), actor, reason);
    byId.put(id, denied);
    return denied;
  }
}
