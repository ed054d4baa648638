package ai.tyrum.gateway.policy.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.lib.testing.ComponentConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
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
    policy = new PolicyDecider(data, data);
    call = new ApprovalRequest("plugin.echo.echo", "default", "a".repeat(64), policy.snapshotId());
  }

  private final List<ApprovalStore> opened = new ArrayList<>();

  /** A store as DS makes it, with the default retention, on the test's clock. */
  private ApprovalStore store() {
    return store(Map.of());
  }

  private ApprovalStore store(Map<String, ?> retention) {
    ApprovalStore store =
        new ApprovalStore(data, data, policy, ComponentConfig.of(ApprovalRetention.class, retention), clock);
    opened.add(store);
    return store;
  }

  @AfterEach
  void deactivateStores() {
    opened.forEach(ApprovalStore::deactivate);
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

  // --- retention --------------------------------------------------------------------------------

  private static final Duration RETENTION = Duration.ofDays(30);
  private static final Duration TTL = Duration.ofSeconds(600);

  private ApprovalStore store(Duration retention) {
    return store(Map.of("retention", retention.toString()));
  }

  private boolean onDisk(Approval approval) {
    return Files.exists(root.resolve("approvals/" + approval.id() + ".json"));
  }

  @Test
  void defaultRetentionIsThirtyDaysSweptHourly() {
    ApprovalRetention defaults = ComponentConfig.defaults(ApprovalRetention.class);
    assertThat(Duration.parse(defaults.retention())).isEqualTo(RETENTION);
    assertThat(Duration.parse(defaults.sweep_interval())).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aRetentionThatIsNotADurationIsRefused() {
    assertThatThrownBy(() -> store(Map.of("retention", "30 days")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P30D");
    assertThatThrownBy(() -> store(Map.of("sweep_interval", "PT0S")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweep.interval");
  }

  @Test
  void usedApprovalIsRemovedOnceItsExpiryIsOlderThanTheRetention() {
    ApprovalStore store = store(RETENTION);
    Approval approval = store.authorize(call, Optional.empty());
    store.approve(approval.id(), "console");
    assertThat(store.authorize(call, Optional.empty()).state()).isEqualTo(State.used);
    clock.advance(TTL.plus(RETENTION).minusSeconds(1));
    assertThat(store.sweep()).isZero();
    assertThat(onDisk(approval)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(onDisk(approval)).isFalse();
    assertThat(store.find(approval.id())).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void deniedApprovalIsRemovedOnceItsDecisionIsOlderThanTheRetention() {
    ApprovalStore store = store(RETENTION);
    Approval approval = store.authorize(call, Optional.empty());
    clock.advance(Duration.ofSeconds(60));
    store.deny(approval.id(), "console", "no");
    clock.advance(RETENTION);
    assertThat(store.sweep()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(onDisk(approval)).isFalse();
  }

  @Test
  void expiredApprovalIsRemovedOnceItsExpiryIsOlderThanTheRetention() {
    ApprovalStore store = store(RETENTION);
    Approval neverDecided = store.authorize(call, Optional.empty());
    Approval approvedUnused = store.authorize(new ApprovalRequest("plugin.echo.other", "default", "b".repeat(64), call.snapshotId()), Optional.empty());
    store.approve(approvedUnused.id(), "console");
    clock.advance(TTL.plus(RETENTION));
    assertThat(store.list()).extracting(Approval::state).containsOnly(State.expired);
    assertThat(store.sweep()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.sweep()).isEqualTo(2);
    assertThat(onDisk(neverDecided)).isFalse();
    assertThat(onDisk(approvedUnused)).isFalse();
  }

  @Test
  void pendingOrApprovedApprovalIsNeverRemovedBeforeItExpiresWhateverTheRetention() {
    ApprovalStore store = store(Duration.ZERO);
    Approval pending = store.authorize(call, Optional.empty());
    Approval approved = store.authorize(new ApprovalRequest("plugin.echo.other", "default", "b".repeat(64), call.snapshotId()), Optional.empty());
    store.approve(approved.id(), "console");
    clock.advance(TTL.minusSeconds(1));
    assertThat(store.sweep()).isZero();
    assertThat(store().find(pending.id())).hasValueSatisfying(a -> assertThat(a.state()).isEqualTo(State.pending));
    assertThat(store().find(approved.id())).hasValueSatisfying(a -> assertThat(a.state()).isEqualTo(State.approved));
    assertThat(store.approve(pending.id(), "console").state()).isEqualTo(State.approved);
  }

  @Test
  void activationRemovesWhatSettledLongAgo() {
    ApprovalStore before = store(RETENTION);
    Approval denied = before.authorize(call, Optional.empty());
    before.deny(denied.id(), "console", "no");
    Approval open = before.authorize(new ApprovalRequest("plugin.echo.other", "default", "b".repeat(64), call.snapshotId()), Optional.empty());
    clock.advance(RETENTION.plusSeconds(1));
    ApprovalStore restarted = store(RETENTION);
    assertThat(onDisk(denied)).isFalse();
    assertThat(restarted.find(denied.id())).isEmpty();
    // expired only 30 days minus the ttl ago: kept
    assertThat(restarted.find(open.id())).hasValueSatisfying(a -> assertThat(a.state()).isEqualTo(State.expired));
  }

  @Test
  void removalRecordsNothingInTheAuditLog() {
    ApprovalStore store = store(RETENTION);
    Approval approval = store.authorize(call, Optional.empty());
    store.deny(approval.id(), "console", "no");
    int before = data.events.size();
    clock.advance(RETENTION.plusSeconds(1));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(data.events).hasSize(before);
  }

  @Test
  void removedApprovalIsUnknownAndTheSameCallAsksAgain() {
    ApprovalStore store = store(RETENTION);
    Approval denied = store.authorize(call, Optional.empty());
    store.deny(denied.id(), "console", "no");
    fails("approval_denied", () -> store.authorize(call, Optional.empty()));
    clock.advance(RETENTION.plusSeconds(1));
    store.sweep();
    fails("unknown_approval", () -> store.approve(denied.id(), "console"));
    fails("unknown_approval", () -> store.authorize(call, Optional.of(denied.id())));
    Approval again = store.authorize(call, Optional.empty());
    assertThat(again.state()).isEqualTo(State.pending);
    assertThat(again.id()).isNotEqualTo(denied.id());
  }

  @Test
  void damagedFileIsLeftAloneBySweeps() throws Exception {
    Path damaged = data.dir("approvals").resolve("apr_" + "0".repeat(32) + ".json");
    Files.writeString(damaged, "{not json");
    clock.advance(RETENTION.multipliedBy(3));
    assertThat(store(Duration.ZERO).sweep()).isZero();
    assertThat(damaged).exists();
  }

  @Test
  void sweepingWhileCallsAreAuthorizedAndDecidedRemovesOnlyWhatSettledLongAgo() throws Exception {
    ApprovalStore store = store(RETENTION);
    List<Approval> old = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Approval approval = store.authorize(request(i), Optional.empty());
      store.deny(approval.id(), "console", "old");
      old.add(approval);
    }
    clock.advance(RETENTION.plusSeconds(1));
    int calls = 200;
    List<Approval> used = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      AtomicBoolean done = new AtomicBoolean();
      Future<Integer> sweeps = pool.submit(() -> {
        int removed = 0;
        while (!done.get()) {
          removed += store.sweep();
        }
        return removed + store.sweep();
      });
      List<Future<?>> callers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int offset = 1000 + t * calls;
        callers.add(pool.submit(() -> {
          for (int i = offset; i < offset + calls; i++) {
            Approval pending = store.authorize(request(i), Optional.empty());
            store.approve(pending.id(), "console");
            used.add(store.authorize(request(i), Optional.of(pending.id())));
          }
          return null;
        }));
      }
      for (Future<?> caller : callers) {
        caller.get(30, TimeUnit.SECONDS);
      }
      done.set(true);
      assertThat(sweeps.get(30, TimeUnit.SECONDS)).isEqualTo(old.size());
    } finally {
      pool.shutdownNow();
    }
    assertThat(used).hasSize(3 * calls).allSatisfy(a -> assertThat(a.state()).isEqualTo(State.used));
    assertThat(store.list()).hasSize(3 * calls).extracting(Approval::state).containsOnly(State.used);
    assertThat(old).noneSatisfy(a -> assertThat(onDisk(a)).isTrue());
  }

  private ApprovalRequest request(int i) {
    return new ApprovalRequest("plugin.echo.echo", "default", String.format("%064x", i), call.snapshotId());
  }

  @Test
  void activationSweepsOnAScheduleThatStopsAtDeactivation() throws Exception {
    ApprovalStore before = store(RETENTION);
    Approval denied = before.authorize(call, Optional.empty());
    before.deny(denied.id(), "console", "no");
    ApprovalStore component = store(Map.of("sweep_interval", "PT0.02S"));
    try {
      assertThat(component.find(denied.id())).isPresent();
      Thread retention = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("tyrum-approval-retention")).findFirst().orElseThrow();
      assertThat(retention.isDaemon()).isTrue();
      clock.advance(RETENTION.plusSeconds(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (component.find(denied.id()).isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(component.find(denied.id())).as("removed by a scheduled sweep").isEmpty();
    } finally {
      component.deactivate();
    }
    assertThat(component.sweeper.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

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
