package ai.tyrum.gateway.policy.approval;

import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.OperationRequest;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Approvals of plugin operations, kept by the {@link ApprovalStore} beside the approvals of calls. A
 * service of its own only because {@code PluginApprovals} and {@code Approvals} name their methods
 * alike with other types, which one class cannot implement both of.
 */
@Component(service = PluginApprovals.class)
public final class PluginOperationApprovals implements PluginApprovals {

  private final ApprovalStore store;

  @Activate
  public PluginOperationApprovals(@Reference ApprovalStore store) {
    this.store = store;
  }

  @Override
  public OperationApproval authorize(OperationRequest operation, int required, Optional<String> approvalId) {
    return store.authorize(operation, required, approvalId);
  }

  @Override
  public List<OperationApproval> list() {
    return store.operations();
  }

  @Override
  public Optional<OperationApproval> find(String id) {
    return store.findOperation(id);
  }

  @Override
  public OperationApproval approve(String id, String actor) {
    return store.approveOperation(id, actor);
  }

  @Override
  public OperationApproval deny(String id, String actor, String reason) {
    return store.denyOperation(id, actor, reason);
  }
}
