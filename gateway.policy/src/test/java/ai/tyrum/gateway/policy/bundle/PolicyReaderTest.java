package ai.tyrum.gateway.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.spi.Decision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PolicyReaderTest {

  private static final PolicyReader READER = new PolicyReader();

  private static PolicyLayer read(String yaml) {
    return READER.read("deployment.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static PolicyException refused(String yaml) {
    try {
      read(yaml);
    } catch (PolicyException e) {
      return e;
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @Test
  void readsEveryKey() {
    PolicyLayer layer =
        read("""
            version: 1
            tools:
              default: require_approval
              allow: [plugin.notes.add_note]
              require_approval: ["plugin.notes.*"]
              deny:
                - "plugin.danger.*"
            redaction:
              patterns: ["sk-[A-Za-z0-9]{8,}"]
            approvals:
              ttl_seconds: 600
            """);
    assertThat(layer.defaultDecision()).contains(Decision.require_approval);
    assertThat(layer.allow()).containsExactly("plugin.notes.add_note");
    assertThat(layer.requireApproval()).containsExactly("plugin.notes.*");
    assertThat(layer.deny()).containsExactly("plugin.danger.*");
    assertThat(layer.redact()).containsExactly("sk-[A-Za-z0-9]{8,}");
    assertThat(layer.approvalTtlSeconds()).hasValue(600);
  }

  @Test
  void emptyFileSaysNothing() {
    assertThat(read("")).isEqualTo(PolicyLayer.EMPTY);
    assertThat(read("# only a comment\n")).isEqualTo(PolicyLayer.EMPTY);
  }

  @Test
  void unknownKeyIsRefusedWithItsPointer() {
    PolicyException e = refused("tools:\n  alow: [x]\n");
    assertThat(e.code()).isEqualTo("invalid_policy");
    assertThat(e.details()).anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /tools").contains("alow"));
  }

  @Test
  void unknownDecisionIsRefused() {
    assertThat(refused("tools:\n  default: maybe\n").details()).anySatisfy(d -> assertThat(d).contains("/tools/default"));
  }

  @Test
  void patternWithCharactersOutsideToolIdsIsRefused() {
    assertThat(refused("tools:\n  deny: [\"plugin.(.*)\"]\n").details()).anySatisfy(d -> assertThat(d).contains("/tools/deny/0"));
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(refused("tools:\n  deny: [a]\n  deny: [b]\n").getMessage()).contains("not valid YAML");
  }

  @Test
  void redactionPatternThatDoesNotCompileIsRefused() {
    assertThat(refused("redaction:\n  patterns: [\"[unclosed\"]\n").details())
        .anySatisfy(d -> assertThat(d).contains("/redaction/patterns/0"));
  }

  @Test
  void wrongVersionIsRefused() {
    assertThat(refused("version: 2\n").details()).anySatisfy(d -> assertThat(d).contains("/version"));
  }

  @Test
  void notYamlIsRefused() {
    assertThat(refused("tools: [unclosed").code()).isEqualTo("invalid_policy");
  }

  @Test
  void topLevelListIsRefused() {
    assertThatThrownBy(() -> read("- a\n- b\n")).isInstanceOf(PolicyException.class);
  }

  @Test
  void publishedSchemaIsTheOneTheGatewayValidatesWith() throws Exception {
    byte[] bundled = PolicyReader.class.getClassLoader().getResourceAsStream(PolicyReader.SCHEMA_RESOURCE).readAllBytes();
    Path published = Path.of("..", "docs", "policy.schema.json");
    assertThat(Files.readAllBytes(published)).as("docs/policy.schema.json is a copy of " + PolicyReader.SCHEMA_RESOURCE).isEqualTo(bundled);
  }
}
