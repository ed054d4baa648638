package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.policy.bundle.PolicySources;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
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
    return new PolicyDecider(data, data);
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

  /** 20,000 malformed egress endpoints: 78 classes of 256 and one of 32. */
  static String twentyThousandFaults() {
    StringBuilder yaml = new StringBuilder("egress_classes:\n");
    for (int c = 0, left = 20_000; left > 0; c++, left -= 256) {
      yaml.append("  c").append(c).append(": [").append(String.join(", ", java.util.Collections.nCopies(Math.min(256, left), "x"))).append("]\n");
    }
    return yaml.toString();
  }

  @Test
  void rejectionWithTwentyThousandFaultsIsRecordedWithItsFirstFaultsAndACountOfTheRest() throws Exception {
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\n");
    PolicyDecider decider = decider();
    String good = decider.snapshotId();
    data.write("deployment.yml", twentyThousandFaults());
    assertThatThrownBy(decider::reload).isInstanceOfSatisfying(PolicyException.class, e -> {
      assertThat(e.faults()).hasSize(20_000);
      assertThat(e.details()).hasSize(PolicyException.MAX_DETAILS + 1).last().asString()
          .isEqualTo("and 19950 more faults: fix these, then run policy:check to see the rest");
      assertThat(e.getMessage()).hasSizeLessThan(64 * 1024);
    });
    Map<String, Object> payload = data.events("policy.changed").get(data.events("policy.changed").size() - 1).payload();
    assertThat(payload).containsEntry("kind", "rejected").containsEntry("snapshot", good).containsEntry("details_omitted", 19_950);
    assertThat(payload.get("details")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(PolicyException.MAX_DETAILS + 1)
        .first().asString().startsWith("deployment.yml: /egress_classes/c0/0: egress_endpoint_malformed: ");
    // far below the audit log's cap on one record (1 MiB), which the whole list (2.4 MB) exceeded
    assertThat(Json.canonical(payload).getBytes(StandardCharsets.UTF_8).length).isLessThan(64 * 1024);
    assertThat(decider.snapshotId()).isEqualTo(good);
    assertThat(decider.decide(ECHO, "default").decision()).isEqualTo(Decision.deny);
  }

  @Test
  void everyFaultIsCappedInLengthSoThatFiftyOfThemFitTheAuditRecord() throws Exception {
    // each fault quotes its 4,000-character endpoint
    String endpoints = String.join(", ", java.util.Collections.nCopies(60, "h".repeat(4_000)));
    data.write("deployment.yml", "egress_classes:\n  web: [" + endpoints + "]\n");
    assertThatThrownBy(decider()::reload).isInstanceOfSatisfying(PolicyException.class, e ->
        assertThat(e.details()).hasSize(PolicyException.MAX_DETAILS + 1)
            .allSatisfy(d -> assertThat(d.length()).isLessThanOrEqualTo(PolicyException.MAX_DETAIL_CHARS)));
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
    assertThatThrownBy(() -> new PolicyDecider(data, data).snapshot(id).orElseThrow())
        .isInstanceOf(PolicyException.class);
  }

  @Test
  void egressClassesAreInTheSnapshotAndChangeItsId() throws Exception {
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\n");
    PolicyDecider decider = decider();
    String without = decider.snapshotId();
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\negress_classes:\n  web: [api.example.com:443]\n");
    assertThat(decider.reload().changed()).isTrue();
    String with = decider.snapshotId();
    assertThat(with).isNotEqualTo(without);
    assertThat(decider.current().policy().toJson()).extracting("base").asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("egress_classes", Map.of("web", List.of("api.example.com:443")));
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\negress_classes:\n  web: [api.example.com:8443]\n");
    assertThat(decider.reload().snapshot().id()).isNotEqualTo(with).isNotEqualTo(without);
    data.write("deployment.yml", "# the same class, spelt differently\ntools:\n  deny: [plugin.echo.*]\negress_classes:\n  web: [API.Example.com:8443, api.example.com:8443]\n");
    assertThat(decider.reload().changed()).isFalse();
  }

  @Test
  void policyWithoutEgressClassesKeepsTheSnapshotIdItHadBeforeClassesExisted() throws Exception {
    // the canonical JSON and id the gateway stored for this policy before egress classes existed
    String stored = "{\"agents\":{},\"base\":{\"approvals\":{\"ttl_seconds\":3600},\"redaction\":{\"patterns\":[]},"
        + "\"tools\":{\"allow\":[],\"default\":\"allow\",\"deny\":[\"plugin.echo.*\"],\"require_approval\":[]}},\"format\":\"tyrum.policy.v1\"}";
    String id = "597142e86921e0ea1a14ddd9f1a4f2fe5fbaa5b39574e2d91a3cf57dec0bf38b";
    data.write("deployment.yml", "tools:\n  deny: [plugin.echo.*]\n");
    assertThat(decider().snapshotId()).isEqualTo(id);
    Files.writeString(root.resolve("policy/snapshots/" + id + ".json"), stored);
    assertThat(decider().snapshot(id)).hasValueSatisfying(s -> assertThat(s.id()).isEqualTo(id));
  }

  @Test
  void egressClassIsAnsweredFromEachAgentsViewOfTheSnapshotInForce() throws Exception {
    data.write("deployment.yml", "egress_classes:\n  web: [a.example.com:443, b.example.com:443]\n");
    data.write("agents/ops.yml", "egress_classes:\n  web: [a.example.com:443]\n  metrics: ['10.0.0.7:9090']\n");
    data.write("overrides.yml", "egress_classes:\n  web: [a.example.com:443, b.example.com:443]\n");
    PolicyDecider decider = decider();
    assertThat(decider.egressClass("web", "default")).hasValueSatisfying(c -> {
      assertThat(c.name()).isEqualTo("web");
      assertThat(c.endpoints()).extracting(EgressEndpoint::toString).containsExactly("a.example.com:443", "b.example.com:443");
      assertThat(c.snapshotId()).isEqualTo(decider.snapshotId());
      assertThat(c.permits("B.example.com", 443)).isTrue();
    });
    assertThat(decider.egressClass("web", "ops").orElseThrow().endpoints()).containsExactly(new EgressEndpoint("a.example.com", 443));
    assertThat(decider.egressClass("metrics", "ops")).isPresent();
    assertThat(decider.egressClass("metrics", "default")).isEmpty();
    assertThat(decider.egressClass("nope", "ops")).isEmpty();
    assertThatThrownBy(() -> decider.egressClass("web", "ops").orElseThrow().endpoints().add(new EgressEndpoint("x.example.com", 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void invalidEgressClassIsRejectedAndTheLastGoodSnapshotStaysInForce() throws Exception {
    data.write("deployment.yml", "egress_classes:\n  web: [api.example.com:443]\n");
    PolicyDecider decider = decider();
    String good = decider.snapshotId();
    data.write("deployment.yml", "egress_classes:\n  web: [api.example.com:443, evil.example.org:99999]\n");
    assertThatThrownBy(decider::reload).isInstanceOfSatisfying(PolicyException.class, e -> {
      assertThat(e.code()).isEqualTo("invalid_policy");
      assertThat(e.details()).containsExactly(
          "deployment.yml: /egress_classes/web/1: egress_port_invalid: \"evil.example.org:99999\": port 99999 is not between 1 and 65535");
    });
    assertThat(decider.snapshotId()).isEqualTo(good);
    assertThat(decider.egressClass("web", "default").orElseThrow().endpoints()).containsExactly(new EgressEndpoint("api.example.com", 443));
    assertThat(data.events("policy.changed").get(data.events("policy.changed").size() - 1).payload())
        .containsEntry("kind", "rejected").containsEntry("reason", "invalid_policy").containsEntry("snapshot", good);
  }

  @Test
  void overridesThatWidenAClassAreRejectedAndTheLastGoodSnapshotStaysInForceAcrossARestart() throws Exception {
    data.write("deployment.yml", "egress_classes:\n  web: [api.example.com:443]\n");
    String good = decider().snapshotId();
    data.write("overrides.yml", "egress_classes:\n  web: ['*.example.com:443']\n");
    PolicyDecider restarted = decider();
    assertThat(restarted.snapshotId()).isEqualTo(good);
    assertThat(restarted.egressClass("web", "default").orElseThrow().permits("other.example.com", 443)).isFalse();
    assertThatThrownBy(restarted::checkAll).isInstanceOfSatisfying(PolicyException.class,
        e -> assertThat(e.details()).singleElement().satisfies(d -> assertThat(d).startsWith("overrides.yml: /egress_classes/web/0: egress_class_widened")));
  }

  @Test
  void withoutAnyGoodPolicyNoEgressClassIsDefined() throws Exception {
    data.write("deployment.yml", "egress_classes:\n  web: [api.example.com]\n");
    assertThat(decider().egressClass("web", "default")).isEmpty();
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
