package ai.tyrum.gateway.policy.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.testing.ComponentConfig;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.approval.ApprovalStoreTest.MutableClock;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.spi.Approval.State;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.OperationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginOperationApprovalsTest {

  static final String SHA = "ab".repeat(32);
  static final OperationRequest INSTALL =
      new OperationRequest("install", "notes", "1.0.0", SHA, List.of("network.egress:class:web", "db:plugin"));

  @TempDir Path root;
  TestData data;
  PolicyDecider policy;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final List<ApprovalStore> opened = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(root);
    data.write("deployment.yml", "approvals:\n  ttl_seconds: 600\nplugins:\n  approvals:\n    install: 2\n");
    policy = new PolicyDecider(data, data);
  }

  @AfterEach
  void deactivateStores() {
    opened.forEach(ApprovalStore::deactivate);
  }

  private PluginOperationApprovals approvals() {
    return approvals(Map.of());
  }

  private PluginOperationApprovals approvals(Map<String, ?> retention) {
    ApprovalStore store = new ApprovalStore(data, data, policy, ComponentConfig.of(ApprovalRetention.class, retention), clock);
    opened.add(store);
    return new PluginOperationApprovals(store);
  }

  private static void fails(String code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void firstRequestIsADurablePendingApprovalBoundToDigestAndPermissions() throws Exception {
    OperationApproval approval = approvals().authorize(INSTALL, 2, Optional.empty());
    assertThat(approval.state()).isEqualTo(State.pending);
    assertThat(approval.id()).matches("apr_[0-9a-f]{32}");
    assertThat(approval.required()).isEqualTo(2);
    assertThat(approval.approvers()).isEmpty();
    assertThat(approval.operation().permissions()).as("sorted").containsExactly("db:plugin", "network.egress:class:web");
    assertThat(approval.expiresAt()).isEqualTo(clock.instant().plusSeconds(600));
    assertThat(Files.readString(root.resolve("approvals/" + approval.id() + ".json")))
        .contains("\"kind\":\"plugin_operation\"").contains(SHA);
    assertThat(data.events("approval.requested")).singleElement().satisfies(e -> assertThat(e.payload())
        .containsEntry("approval", approval.id())
        .containsEntry("kind", "plugin_operation")
        .containsEntry("operation", "install")
        .containsEntry("plugin", "notes")
        .containsEntry("version", "1.0.0")
        .containsEntry("sha256", SHA)
        .containsEntry("permissions", List.of("db:plugin", "network.egress:class:web"))
        .containsEntry("required", 2)
        .containsEntry("approvers", List.of()));
  }

  @Test
  void twoPersonRuleApprovesOnlyOnceTwoDistinctOperatorsApproved() {
    PluginOperationApprovals approvals = approvals();
    String id = approvals.authorize(INSTALL, 2, Optional.empty()).id();

    OperationApproval first = approvals.approve(id, "token:alice");
    assertThat(first.state()).isEqualTo(State.pending);
    assertThat(first.approvers()).containsExactly("token:alice");
    assertThat(data.events("approval.decided")).as("no decision yet").isEmpty();
    assertThat(approvals.authorize(INSTALL, 2, Optional.of(id)).state()).as("one of two cannot run it").isEqualTo(State.pending);

    OperationApproval second = approvals.approve(id, "console:bob");
    assertThat(second.state()).isEqualTo(State.approved);
    assertThat(second.approvers()).containsExactly("token:alice", "console:bob");
    assertThat(data.events("approval.decided")).singleElement().satisfies(e -> assertThat(e.payload())
        .containsEntry("decision", "approved")
        .containsEntry("by", "console:bob")
        .containsEntry("approvers", List.of("token:alice", "console:bob"))
        .containsEntry("kind", "plugin_operation"));

    assertThat(approvals.authorize(INSTALL, 2, Optional.of(id)).state()).isEqualTo(State.used);
    fails("approval_used", () -> approvals.authorize(INSTALL, 2, Optional.of(id)));
  }

  @Test
  void theSameOperatorApprovingTwiceIsRefusedAndChangesNothing() throws Exception {
    PluginOperationApprovals approvals = approvals();
    String id = approvals.authorize(INSTALL, 2, Optional.empty()).id();
    approvals.approve(id, "token:alice");
    byte[] before = Files.readAllBytes(root.resolve("approvals/" + id + ".json"));

    fails("approver_repeated", () -> approvals.approve(id, "token:alice"));

    assertThat(Files.readAllBytes(root.resolve("approvals/" + id + ".json"))).isEqualTo(before);
    assertThat(approvals.find(id).orElseThrow().approvers()).containsExactly("token:alice");
    assertThat(approvals.find(id).orElseThrow().state()).isEqualTo(State.pending);
  }

  @Test
  void approvalOfOneDigestOrPermissionSetCoversNoOther() {
    PluginOperationApprovals approvals = approvals();
    String id = approvals.authorize(INSTALL, 1, Optional.empty()).id();
    approvals.approve(id, "console");

    OperationRequest otherJar = new OperationRequest("install", "notes", "1.0.0", "cd".repeat(32), INSTALL.permissions());
    OperationRequest morePermissions = new OperationRequest("install", "notes", "1.0.0", SHA,
        List.of("network.egress:class:web", "db:plugin", "secrets.read:notes"));
    OperationRequest enable = new OperationRequest("enable", "notes", "1.0.0", SHA, INSTALL.permissions());
    fails("approval_mismatch", () -> approvals.authorize(otherJar, 1, Optional.of(id)));
    fails("approval_mismatch", () -> approvals.authorize(morePermissions, 1, Optional.of(id)));
    fails("approval_mismatch", () -> approvals.authorize(enable, 1, Optional.of(id)));
    assertThat(approvals.find(id).orElseThrow().state()).as("a mismatch consumes nothing").isEqualTo(State.approved);

    assertThat(approvals.authorize(otherJar, 1, Optional.empty()).state()).as("another jar asks anew").isEqualTo(State.pending);
    OperationRequest samePermissionsOtherOrder = new OperationRequest("install", "notes", "1.0.0", SHA,
        List.of("db:plugin", "network.egress:class:web"));
    assertThat(approvals.authorize(samePermissionsOtherOrder, 1, Optional.empty()).state()).isEqualTo(State.used);
  }

  @Test
  void aCountRaisedByPolicyAfterTheRequestNeedsTheNewCount() {
    PluginOperationApprovals approvals = approvals();
    String id = approvals.authorize(INSTALL, 1, Optional.empty()).id();
    approvals.approve(id, "token:alice");

    OperationApproval reopened = approvals.authorize(INSTALL, 2, Optional.of(id));

    assertThat(reopened.state()).isEqualTo(State.pending);
    assertThat(reopened.required()).isEqualTo(2);
    assertThat(approvals.approve(id, "token:bob").state()).isEqualTo(State.approved);
    assertThat(approvals.authorize(INSTALL, 1, Optional.of(id)).state()).as("a lowered count never lowers an approval's").isEqualTo(State.used);
  }

  @Test
  void deniedOperationFailsWithWhoDeniedIt() {
    PluginOperationApprovals approvals = approvals();
    String id = approvals.authorize(INSTALL, 2, Optional.empty()).id();
    approvals.approve(id, "token:alice");

    OperationApproval denied = approvals.deny(id, "console:carol", "unknown vendor");

    assertThat(denied.state()).isEqualTo(State.denied);
    assertThat(denied.deniedBy()).isEqualTo("console:carol");
    assertThatThrownBy(() -> approvals.authorize(INSTALL, 2, Optional.empty()))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("approval_denied"))
        .hasMessageContaining("console:carol").hasMessageContaining("unknown vendor");
    fails("approval_already_decided", () -> approvals.approve(id, "token:bob"));
    assertThat(data.events("approval.decided")).singleElement().satisfies(e -> assertThat(e.payload())
        .containsEntry("decision", "denied").containsEntry("reason", "unknown vendor"));
  }

  @Test
  void pendingOperationExpiresAfterTheTtlAndCannotBeApprovedThen() {
    PluginOperationApprovals approvals = approvals();
    String id = approvals.authorize(INSTALL, 2, Optional.empty()).id();
    approvals.approve(id, "token:alice");
    clock.advance(Duration.ofSeconds(600));

    assertThat(approvals.find(id).orElseThrow().state()).isEqualTo(State.expired);
    fails("approval_expired", () -> approvals.approve(id, "token:bob"));
    fails("approval_expired", () -> approvals.authorize(INSTALL, 2, Optional.of(id)));
    OperationApproval again = approvals.authorize(INSTALL, 2, Optional.empty());
    assertThat(again.id()).isNotEqualTo(id);
    assertThat(again.state()).isEqualTo(State.pending);
  }

  @Test
  void partialApprovalsSurviveARestartAndCountTowardsTheRule() {
    String id = approvals().authorize(INSTALL, 2, Optional.empty()).id();
    approvals().approve(id, "token:alice");

    PluginOperationApprovals restarted = approvals();

    assertThat(restarted.find(id).orElseThrow().approvers()).containsExactly("token:alice");
    fails("approver_repeated", () -> restarted.approve(id, "token:alice"));
    assertThat(restarted.approve(id, "token:bob").state()).isEqualTo(State.approved);
    assertThat(approvals().authorize(INSTALL, 2, Optional.empty()).state()).isEqualTo(State.used);
  }

  @Test
  void operationAndCallApprovalsShareTheStoreButNotTheirIds() {
    ApprovalStore store = new ApprovalStore(data, data, policy, ComponentConfig.of(ApprovalRetention.class, Map.of()), clock);
    opened.add(store);
    PluginOperationApprovals operations = new PluginOperationApprovals(store);
    String operation = operations.authorize(INSTALL, 2, Optional.empty()).id();
    String call = store.authorize(new ApprovalRequest("plugin.echo.echo", "default", "a".repeat(64), policy.snapshotId()), Optional.empty()).id();

    assertThat(store.list()).extracting(a -> a.id()).containsExactly(call);
    assertThat(operations.list()).extracting(OperationApproval::id).containsExactly(operation);
    fails("unknown_approval", () -> store.approve(operation, "console"));
    fails("unknown_approval", () -> operations.approve(call, "console"));
  }

  @Test
  void settledOperationApprovalIsRemovedAfterTheRetention() {
    PluginOperationApprovals approvals = approvals(Map.of("retention", "P1D"));
    String id = approvals.authorize(INSTALL, 1, Optional.empty()).id();
    approvals.deny(id, "console", "");
    clock.advance(Duration.ofDays(1).plusSeconds(601));

    PluginOperationApprovals later = approvals(Map.of("retention", "P1D"));

    assertThat(later.find(id)).isEmpty();
    assertThat(root.resolve("approvals/" + id + ".json")).doesNotExist();
  }
}
