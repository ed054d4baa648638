package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.json.Json;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.policy.bundle.PolicySources;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDeciderTest {

  private static final ToolDescriptor ECHO = new ToolDescriptor("plugin.echo.echo", "echo", false, false);
  private static final ToolDescriptor ADD_NOTE = new ToolDescriptor("plugin.notes.add_note", "notes", true, false);

  @TempDir Path root;
  TestData data;

  @BeforeEach
  void setUp() {
    data = new TestData(root);
  }

  private PolicyDecider decider() {
    return new PolicyDecider(data, data, data.dir("policy"));
  }

  @Test
  void withoutFilesTheShippedDefaultIsInForce() {
    PolicyDecider decider = decider();
    assertThat(decider.decide(ECHO, "default").reason()).isEqualTo("allowed_by_default");
    assertThat(decider.decide(ADD_NOTE, "default").reason()).isEqualTo("disabled_by_plugin_opt_in");
    assertThat(decider.snapshotId()).isEqualTo(PolicySnapshot.idOf(PolicyMerge.merge(PolicySources.NONE)));
  }

  @Test
  void snapshotIdIsTheSha256OfTheCanonicalJsonOfTheMergedPolicy() throws Exception {
    data.write("deployment.yml", "tools:\n  allow: [plugin.notes.add_note]\n");
    PolicyDecider decider = decider();
    String canonical = Json.canonical(decider.current().policy().toJson());
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    assertThat(decider.snapshotId()).isEqualTo(expected);
    assertThat(decider.decide(ADD_NOTE, "default").snapshotId()).isEqualTo(expected);
  }

  @Test
  void snapshotIdDependsOnTheRulesNotOnHowTheFileIsWritten() throws Exception {
    data.write("deployment.yml", "tools:\n  deny: [b.*, a.*]\n");
    String first = decider().snapshotId();
    data.write("deployment.yml", "# reordered, commented\ntools:\n  deny:\n    - a.*\n    - b.*\n    - a.*\n");
    PolicyDecider decider = decider();
    assertThat(decider.snapshotId()).isEqualTo(first);
  }

  @Test
  void reloadPutsAChangedFileInForceAndRecordsPolicyChanged() throws Exception {
    PolicyDecider decider = decider();
    String before = decider.snapshotId();
    data.write("deployment.yml", "tools:\n  allow: [plugin.notes.add_note]\n");
    PolicyDecider.Reload reload = decider.reload();
    assertThat(reload.changed()).isTrue();
    assertThat(decider.decide(ADD_NOTE, "default").exposed()).isTrue();
    assertThat(data.events("policy.changed").get(data.events("policy.changed").size() - 1).payload())
        .containsEntry("kind", "applied")
        .containsEntry("previous", before)
        .containsEntry("snapshot", decider.snapshotId());
    assertThat(decider.reload().changed()).isFalse();
  }

  @Test
  void invalidFileIsRejectedAndTheLastGoodSnapshotStaysInForce() throws Exception {
    data.write("deployment.yml", "tools:\n  allow: [plugin.notes.add_note]\n");
    PolicyDecider decider = decider();
    String good = decider.snapshotId();
    data.write("agents/ops.yml", "tools:\n  deny: 42\n");
    assertThatThrownBy(decider::reload)
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_policy");
          assertThat(e.details()).anySatisfy(d -> assertThat(d).startsWith("agents/ops.yml: /tools/deny"));
        });
    assertThat(decider.snapshotId()).isEqualTo(good);
    assertThat(decider.decide(ADD_NOTE, "ops").exposed()).isTrue();
    assertThat(data.events("policy.changed").get(data.events("policy.changed").size() - 1).payload())
        .containsEntry("kind", "rejected")
        .containsEntry("reason", "invalid_policy")
        .containsEntry("snapshot", good);
  }

  @Test
  void lastGoodSnapshotStaysInForceAcrossARestart() throws Exception {
    data.write("deployment.yml", "tools:\n  allow: [plugin.notes.add_note]\n");
    String good = decider().snapshotId();
    data.write("deployment.yml", "tools: {allow: nope}\n");
    PolicyDecider restarted = decider();
    assertThat(restarted.snapshotId()).isEqualTo(good);
    assertThat(restarted.decide(ADD_NOTE, "default").exposed()).isTrue();
  }

  @Test
  void invalidFilesOnAFreshDataDirDenyEverything() throws Exception {
    data.write("deployment.yml", "nonsense: true\n");
    PolicyDecision decision = decider().decide(ECHO, "default");
    assertThat(decision.decision()).isEqualTo(Decision.deny);
    assertThat(decision.reason()).isEqualTo("denied_by_policy");
  }

  @Test
  void agentFileAppliesToItsAgentOnly() throws Exception {
    data.write("agents/ops.yml", "tools:\n  allow: [plugin.notes.add_note]\n");
    PolicyDecider decider = decider();
    assertThat(decider.decide(ADD_NOTE, "ops").exposed()).isTrue();
    assertThat(decider.decide(ADD_NOTE, "default").exposed()).isFalse();
  }

  @Test
  void overridesFileNeverLiftsADeny() throws Exception {
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\n");
    data.write("overrides.yml", "tools:\n  default: allow\n  allow: [plugin.echo.echo, \"*\"]\n");
    assertThat(decider().decide(ECHO, "default").reason()).isEqualTo("denied_by_policy");
  }

  @Test
  void oldSnapshotsAreKeptSoThatADecisionCanBeReplayed() throws Exception {
    data.write("deployment.yml", "tools:\n  require_approval: [plugin.echo.*]\n");
    PolicyDecider decider = decider();
    String old = decider.snapshotId();
    PolicyDecision then = decider.decide(ECHO, "default");
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\n");
    decider.reload();
    assertThat(decider.snapshotId()).isNotEqualTo(old);
    PolicyDecider restarted = decider();
    PolicySnapshot replayed = restarted.snapshot(old).orElseThrow();
    assertThat(replayed.decide(ECHO, "default")).usingRecursiveComparison().ignoringFields("redactions").isEqualTo(then);
    assertThat(Files.exists(root.resolve("policy/snapshots/" + old + ".json"))).isTrue();
    assertThat(restarted.replay(ECHO, "default", old)).hasValueSatisfying(d -> {
      assertThat(d.decision()).isEqualTo(Decision.require_approval);
      assertThat(d.snapshotId()).isEqualTo(old);
    });
    assertThat(restarted.decide(ECHO, "default").decision()).isEqualTo(Decision.deny);
    assertThat(restarted.replay(ECHO, "default", "f".repeat(64))).isEmpty();
    assertThat(restarted.replay(ECHO, "default", "../../etc/passwd")).isEmpty();
  }

  @Test
  void damagedStoredSnapshotIsNotReplayed() throws Exception {
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\n");
    String id = decider().snapshotId();
    data.write("deployment.yml", "tools:\n  deny: [plugin.notes.*]\n");
    Files.writeString(root.resolve("policy/snapshots/" + id + ".json"),
        Files.readString(root.resolve("policy/snapshots/" + id + ".json")).replace("plugin.echo.*", "plugin.other.*"));
    assertThatThrownBy(() -> new PolicyDecider(data, data, data.dir("policy")).snapshot(id).orElseThrow())
        .isInstanceOf(PolicyException.class);
  }

  @Test
  void checkValidatesAFileWithoutPuttingItInForce() throws Exception {
    PolicyDecider decider = decider();
    String before = decider.snapshotId();
    Path candidate = root.resolve("candidate.yml");
    Files.writeString(candidate, "tools:\n  deny: [\"*\"]\n");
    decider.check(candidate);
    Files.writeString(candidate, "tools:\n  deny: \"*\"\n");
    assertThatThrownBy(() -> decider.check(candidate)).isInstanceOf(PolicyException.class);
    assertThat(decider.snapshotId()).isEqualTo(before);
  }
}
