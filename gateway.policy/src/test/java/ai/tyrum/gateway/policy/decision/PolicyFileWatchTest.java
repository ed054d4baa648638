package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file watch and the policy it keeps in force, through real files in a policy dir. */
class PolicyFileWatchTest {

  private static final ToolDescriptor ECHO = new ToolDescriptor("plugin.echo.echo", "echo", false, false);
  private static final String DENY_ECHO = "tools:\n  deny: [plugin.echo.*]\n";

  @TempDir Path root;
  TestData data;
  PolicyDecider decider;
  PolicyFileWatch watch;

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(root);
    data.write("deployment.yml", DENY_ECHO);
    decider = new PolicyDecider(data, data);
    watch = new PolicyFileWatch(decider, data);
  }

  @AfterEach
  void tearDown() {
    watch.deactivate();
  }

  private Path deployment() {
    return root.resolve("policy/deployment.yml");
  }

  /** Writes in place, as an editor that truncates the file and then writes it. */
  private void writeInPlace(String content) throws Exception {
    Files.writeString(deployment(), content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  private int policyEvents() {
    return data.events("policy.changed").size();
  }

  private Map<String, Object> awaitPolicyEventAfter(int seen) throws InterruptedException {
    await(() -> policyEvents() > seen);
    return data.events("policy.changed").get(policyEvents() - 1).payload();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 20 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void truncatedFileNeverLiftsTheDenyItHeld() throws Exception {
    String deny = decider.snapshotId();
    int seen = policyEvents();
    writeInPlace("");
    Map<String, Object> rejected = awaitPolicyEventAfter(seen);
    assertThat(rejected).containsEntry("kind", "rejected").containsEntry("snapshot", deny);
    assertThat(rejected.get("details").toString()).contains("deployment.yml: /: policy_file_empty: ");
    assertThat(decider.decide(ECHO, "default").decision()).isEqualTo(Decision.deny);

    seen = policyEvents();
    writeInPlace("# Deployment policy\n");
    assertThat(awaitPolicyEventAfter(seen)).containsEntry("kind", "rejected");
    seen = policyEvents();
    writeInPlace("tools:\n  deny: [plugin.ec");
    assertThat(awaitPolicyEventAfter(seen).get("details").toString()).contains("yaml_syntax");
    assertThat(decider.snapshotId()).isEqualTo(deny);

    // the whole file again: nothing changed, so nothing is recorded; another rule is applied
    writeInPlace(DENY_ECHO);
    seen = policyEvents();
    writeInPlace("tools:\n  require_approval: [plugin.echo.*]\n");
    assertThat(awaitPolicyEventAfter(seen)).containsEntry("kind", "applied").containsEntry("previous", deny);
    assertThat(decider.decide(ECHO, "default").decision()).isEqualTo(Decision.require_approval);
  }

  @Test
  void aliasThatWouldLiftADenyIsRefusedAndTheDenyStays() throws Exception {
    String deny = decider.snapshotId();
    int seen = policyEvents();
    writeInPlace("tools:\n  allow: [&x plugin.echo.echo]\n  deny: [*x]\n");
    Map<String, Object> rejected = awaitPolicyEventAfter(seen);
    assertThat(rejected).containsEntry("kind", "rejected");
    assertThat(rejected.get("details").toString()).contains("deployment.yml: /tools/deny/0: yaml_alias: line 3, column 10");
    assertThat(decider.snapshotId()).isEqualTo(deny);
    assertThat(decider.decide(ECHO, "default").decision()).isEqualTo(Decision.deny);
  }

  @Test
  void deletingTheFileIsADeliberateChangeThatDropsItsRules() throws Exception {
    String deny = decider.snapshotId();
    int seen = policyEvents();
    Files.delete(deployment());
    assertThat(awaitPolicyEventAfter(seen)).containsEntry("kind", "applied").containsEntry("previous", deny);
    assertThat(decider.decide(ECHO, "default").decision()).isEqualTo(Decision.allow);
  }

  @Test
  void settledReturnsOnlyContentThatTwoReadsAgreeOn() throws Exception {
    Iterator<String> reads = List.of("tools:\n", "tools:\n  deny: [a]\n", "tools:\n  deny: [a, b]\n", "tools:\n  deny: [a, b]\n").iterator();
    List<String> seen = new ArrayList<>();
    String settled = PolicyWatcher.settled(() -> {
      String next = reads.next();
      seen.add(next);
      return next;
    }, String::equals, Duration.ZERO);
    assertThat(settled).isEqualTo("tools:\n  deny: [a, b]\n");
    assertThat(seen).hasSize(4);
    assertThat(reads.hasNext()).isFalse();
  }

  @Test
  void filesReadTwiceAreTheSameOnlyWithTheSameBytes() throws Exception {
    var first = decider.load();
    assertThat(first.sameAs(decider.load())).isTrue();
    writeInPlace(DENY_ECHO.replace("echo", "ecxo"));
    assertThat(first.sameAs(decider.load())).isFalse();
    Files.delete(deployment());
    assertThat(first.sameAs(decider.load())).isFalse();
  }
}
