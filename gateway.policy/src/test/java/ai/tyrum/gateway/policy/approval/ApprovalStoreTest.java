package ai.tyrum.gateway.policy.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approval.State;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.ApprovalRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalStoreTest {

  @TempDir Path root;
  TestData data;
  PolicyDecider policy;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  ApprovalRequest call;

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(root);
    data.write("deployment.yml", "tools:\n  require_approval: [\"plugin.echo.*\"]\napprovals:\n  ttl_seconds: 600\n");
    policy = new PolicyDecider(data, data, data.dir("policy"));
    call = new ApprovalRequest("plugin.echo.echo", "default", "a".repeat(64), policy.snapshotId());
  }

  private ApprovalStore store() {
    return new ApprovalStore(data, data, policy, data.dir("approvals"), clock);
  }

  private static void fails(String code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void firstCallRequestsADurablePendingApprovalWithTheExactCall() throws Exception {
    Approval approval = store().authorize(call, Optional.empty());
    assertThat(approval.state()).isEqualTo(State.pending);
    assertThat(approval.call()).isEqualTo(call);
    assertThat(approval.expiresAt()).isEqualTo(clock.instant().plusSeconds(600));
    assertThat(Files.exists(root.resolve("approvals/" + approval.id() + ".json"))).isTrue();
    assertThat(data.events("approval.requested")).singleElement()
        .satisfies(e -> assertThat(e.payload()).containsEntry("approval", approval.id()).containsEntry("tool", "plugin.echo.echo"));
  }

  @Test
  void repeatedCallWhilePendingReturnsTheSameApproval() {
    ApprovalStore store = store();
    Approval first = store.authorize(call, Optional.empty());
    assertThat(store.authorize(call, Optional.empty()).id()).isEqualTo(first.id());
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void approvedCallRunsOnceAndTheApprovalSurvivesARestart() {
    Approval pending = store().authorize(call, Optional.empty());
    // the operator approves in a restarted gateway
    Approval approved = store().approve(pending.id(), "console");
    assertThat(approved.state()).isEqualTo(State.approved);
    assertThat(data.events("approval.decided")).singleElement()
        .satisfies(e -> assertThat(e.payload()).containsEntry("decision", "approved").containsEntry("by", "console"));
    // and the call runs in yet another
    ApprovalStore afterRestart = store();
    assertThat(afterRestart.authorize(call, Optional.of(pending.id())).state()).isEqualTo(State.used);
    fails("approval_used", () -> afterRestart.authorize(call, Optional.of(pending.id())));
    fails("approval_used", () -> store().authorize(call, Optional.of(pending.id())));
  }

  @Test
  void approvedApprovalIsFoundForTheSameCallWithoutItsId() {
    ApprovalStore store = store();
    Approval pending = store.authorize(call, Optional.empty());
    store.approve(pending.id(), "console");
    Approval used = store.authorize(call, Optional.empty());
    assertThat(used.id()).isEqualTo(pending.id());
    assertThat(used.state()).isEqualTo(State.used);
    // the next identical call asks again
    Approval next = store.authorize(call, Optional.empty());
    assertThat(next.state()).isEqualTo(State.pending);
    assertThat(next.id()).isNotEqualTo(pending.id());
  }

  @Test
  void approvalCoversOnlyItsExactCall() {
    ApprovalStore store = store();
    Approval pending = store.authorize(call, Optional.empty());
    store.approve(pending.id(), "console");
    for (ApprovalRequest other : new ApprovalRequest[] {
        new ApprovalRequest("plugin.echo.other", call.agent(), call.inputSha256(), call.snapshotId()),
        new ApprovalRequest(call.toolId(), "ops", call.inputSha256(), call.snapshotId()),
        new ApprovalRequest(call.toolId(), call.agent(), "b".repeat(64), call.snapshotId()),
        new ApprovalRequest(call.toolId(), call.agent(), call.inputSha256(), "c".repeat(64))}) {
      fails("approval_mismatch", () -> store.authorize(other, Optional.of(pending.id())));
    }
    assertThat(store.find(pending.id()).orElseThrow().state()).isEqualTo(State.approved);
  }

  @Test
  void deniedApprovalFailsTheCall() {
    ApprovalStore store = store();
    Approval pending = store.authorize(call, Optional.empty());
    Approval denied = store.deny(pending.id(), "console", "not today");
    assertThat(denied.reason()).isEqualTo("not today");
    fails("approval_denied", () -> store.authorize(call, Optional.of(pending.id())));
    fails("approval_denied", () -> store().authorize(call, Optional.empty()));
    fails("approval_already_decided", () -> store.approve(pending.id(), "console"));
  }

  @Test
  void pendingApprovalExpiresAndCannotBeApprovedAfterwards() {
    ApprovalStore store = store();
    Approval pending = store.authorize(call, Optional.empty());
    clock.advance(Duration.ofSeconds(600));
    assertThat(store.find(pending.id()).orElseThrow().state()).isEqualTo(State.expired);
    fails("approval_expired", () -> store.approve(pending.id(), "console"));
    fails("approval_expired", () -> store.authorize(call, Optional.of(pending.id())));
  }

  @Test
  void approvedApprovalExpiresUnused() {
    ApprovalStore store = store();
    Approval pending = store.authorize(call, Optional.empty());
    store.approve(pending.id(), "console");
    clock.advance(Duration.ofSeconds(601));
    fails("approval_expired", () -> store.authorize(call, Optional.of(pending.id())));
    // without an id the expired one is passed over and a new request made
    assertThat(store.authorize(call, Optional.empty()).id()).isNotEqualTo(pending.id());
  }

  @Test
  void unknownApprovalIsRefused() {
    fails("unknown_approval", () -> store().authorize(call, Optional.of("apr_" + "0".repeat(32))));
    fails("unknown_approval", () -> store().approve("../../etc/passwd", "console"));
  }

  @Test
  void damagedApprovalFileGrantsNothing() throws Exception {
    Approval pending = store().authorize(call, Optional.empty());
    Files.writeString(root.resolve("approvals/" + pending.id() + ".json"), "{not json");
    fails("unknown_approval", () -> store().approve(pending.id(), "console"));
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
