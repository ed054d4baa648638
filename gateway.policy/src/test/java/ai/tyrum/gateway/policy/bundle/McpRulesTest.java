package ai.tyrum.gateway.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mcp:} section: read, checked across files, merged, and covered by the snapshot id. */
class McpRulesTest {

  @TempDir Path root;
  TestData data;

  @BeforeEach
  void setUp() {
    data = new TestData(root);
  }

  private PolicySources read() {
    return new PolicyDirectory(data.dir("policy"), new PolicyReader()).read();
  }

  private MergedPolicy merged() {
    return PolicyMerge.merge(read());
  }

  private List<String> refused() {
    try {
      read();
    } catch (PolicyException e) {
      assertThat(e.code()).isEqualTo("invalid_policy");
      return e.details();
    }
    throw new AssertionError("the policy dir was accepted");
  }

  @Test
  void withoutASectionNoServerIsTrusted() throws Exception {
    data.write("deployment.yml", "version: 1\n");
    assertThat(merged().trustHints()).isEmpty();
    assertThat(merged().trustsToolHints("mcp-server", "everything")).isFalse();
  }

  @Test
  void theDeploymentTrustsTheServersItNamesAndOverridesOnlyRemoveSome() throws Exception {
    data.write("deployment.yml", "mcp:\n  trust_hints: [mcp-server/everything, notes/files]\n");
    assertThat(merged().trustsToolHints("mcp-server", "everything")).isTrue();
    assertThat(merged().trustsToolHints("notes", "files")).isTrue();
    data.write("overrides.yml", "mcp:\n  trust_hints: [notes/files]\n");
    assertThat(merged().trustHints()).containsExactly("notes/files");
    assertThat(merged().trustsToolHints("mcp-server", "everything")).isFalse();
  }

  @Test
  void agentFileMayNotHoldTheMcpSection() throws Exception {
    data.write("agents/ops.yml", "mcp:\n  trust_hints: [mcp-server/everything]\n");
    assertThat(refused()).singleElement().asString()
        .startsWith("agents/ops.yml: /mcp: mcp_not_per_agent: ").contains("deployment.yml");
  }

  @Test
  void overridesThatWouldTrustAnotherServerAreRefusedWithTheirPointer() throws Exception {
    data.write("deployment.yml", "mcp:\n  trust_hints: [notes/files]\n");
    data.write("overrides.yml", "mcp:\n  trust_hints: [notes/files, mcp-server/everything]\n");
    assertThat(refused()).singleElement().asString()
        .startsWith("overrides.yml: /mcp/trust_hints/1: mcp_override_widens: ").contains("mcp-server/everything");
  }

  @Test
  void serverNamesOfTheWrongFormAreRefusedBySchema() throws Exception {
    data.write("deployment.yml", "mcp:\n  trust_hints: [everything, Mcp/x]\n  trust_all: true\n");
    assertThat(refused())
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /mcp/trust_hints/0: "))
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /mcp/trust_hints/1: "))
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /mcp"));
  }

  @Test
  void anAllowlistCanNameAnMcpToolWhoseNameHasCapitals() throws Exception {
    data.write("deployment.yml", "tools:\n  allow: [mcp.mcp-server.everything.getTinyImage]\n");
    assertThat(merged().base().allow()).contains("mcp.mcp-server.everything.getTinyImage");
  }

  @Test
  void snapshotIdCoversTheTrustedServersAndARestoredSnapshotKeepsThem() throws Exception {
    data.write("deployment.yml", "version: 1\n");
    MergedPolicy none = merged();
    data.write("deployment.yml", "mcp:\n  trust_hints: [mcp-server/everything]\n");
    MergedPolicy trusting = merged();
    assertThat(PolicySnapshot.idOf(trusting)).isNotEqualTo(PolicySnapshot.idOf(none));
    assertThat(none.toJson()).doesNotContainKey("mcp"); // ids of snapshots stored before the section stay
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) Json.MAPPER.readValue(Json.canonical(trusting.toJson()), Map.class);
    assertThat(MergedPolicy.fromJson(stored).trustHints()).containsExactly("mcp-server/everything");
  }
}
