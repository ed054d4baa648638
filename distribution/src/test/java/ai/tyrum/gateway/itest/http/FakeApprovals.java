package ai.tyrum.gateway.itest.http;

import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.Approvals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Approvals} in memory, in place of gateway.policy's: every call it is asked about waits for an
 * operator, and decisions are kept as made, with their actor.
 */
final class FakeApprovals implements Approvals {

  private final Map<String, Approval> byId = new ConcurrentHashMap<>();

  @Override
  public Approval authorize(ApprovalRequest call, Optional<String> approvalId) {
    Approval pending = new Approval("apr_" + byId.size(), call, Approval.State.pending, Instant.EPOCH,
        Instant.EPOCH.plusSeconds(3600), Optional.empty(), "", "");
    byId.put(pending.id(), pending);
    return pending;
  }

  @Override
  public List<Approval> list() {
    return new ArrayList<>(byId.values());
  }

  @Override
  public Optional<Approval> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Approval approve(String id, String actor) {
    return decide(id, Approval.State.approved, actor, "");
  }

  @Override
  public Approval deny(String id, String actor, String reason) {
    return decide(id, Approval.State.denied, actor, reason);
  }

  private Approval decide(String id, Approval.State state, String actor, String reason) {
    Approval pending = find(id).orElseThrow(() -> new ApprovalException("unknown_approval", "no approval " + id));
    Approval decided = new Approval(id, pending.call(), state, pending.requestedAt(), pending.expiresAt(),
        Optional.of(Instant.EPOCH.plusSeconds(1)), actor, reason);
    byId.put(id, decided);
    return decided;
  }
}
