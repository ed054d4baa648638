package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import com.networknt.schema.Schema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

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
  void readsEgressClassesInTheirCanonicalForm() {
    PolicyLayer layer =
        read("""
            egress_classes:
              weather-api: ["API.weather.example:443", "*.tiles.weather.example:443", "[2001:DB8::1]:8443"]
              internal_db: ["10.0.0.5:5432"]
              nowhere: []
            """);
    assertThat(layer.egressClasses()).containsOnlyKeys("weather-api", "internal_db", "nowhere");
    assertThat(layer.egressClasses().get("weather-api"))
        .extracting(EgressEndpoint::toString)
        .containsExactly("api.weather.example:443", "*.tiles.weather.example:443", "[2001:db8::1]:8443");
    assertThat(layer.egressClasses().get("internal_db")).containsExactly(new EgressEndpoint("10.0.0.5", 5432));
    assertThat(layer.egressClasses().get("nowhere")).isEmpty();
  }

  @Test
  void fileWithoutEgressClassesHasNone() {
    assertThat(read("tools:\n  deny: [a]\n").egressClasses()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "egress_classes: [a]                          | /egress_classes: egress_classes_invalid",
    "egress_classes: {Web: []}                    | /egress_classes/Web: egress_class_name_invalid",
    "egress_classes: {'a/b': []}                  | /egress_classes/a~1b: egress_class_name_invalid",
    "egress_classes: {web: api.example.com:443}   | /egress_classes/web: egress_class_invalid",
    "egress_classes: {web: [443]}                 | /egress_classes/web/0: egress_endpoint_malformed",
    "egress_classes: {web: [api.example.com]}     | /egress_classes/web/0: egress_endpoint_malformed",
    "egress_classes: {web: ['a.example.com:443', 'b.example.com:99999']} | /egress_classes/web/1: egress_port_invalid",
    "egress_classes: {web: ['api_v1.example.com:443']} | /egress_classes/web/0: egress_host_invalid",
    "egress_classes: {web: ['300.0.0.1:443']}     | /egress_classes/web/0: egress_ipv4_invalid",
    "egress_classes: {web: ['2001:db8::1:443']}   | /egress_classes/web/0: egress_ipv6_invalid",
    "egress_classes: {web: ['[2001:db8::zz]:443']} | /egress_classes/web/0: egress_ipv6_invalid",
    "egress_classes: {web: ['*.com:443']}         | /egress_classes/web/0: egress_wildcard_invalid",
    "egress_classes: {web: ['a.*.example.com:443']} | /egress_classes/web/0: egress_wildcard_invalid",
  })
  void invalidEgressClassIsRefusedWithItsFilePointerAndCode(String yaml, String expected) {
    PolicyException e = refused(yaml + "\n");
    assertThat(e.code()).isEqualTo("invalid_policy");
    assertThat(e.details()).anySatisfy(d -> assertThat(d).startsWith("deployment.yml: " + expected + ": "));
  }

  @Test
  void everyInvalidEndpointOfAFileIsReportedAtOnce() {
    PolicyException e = refused("egress_classes:\n  a: ['x.example.com:0']\n  b: ['ok.example.com:443', 'y.example.com']\n");
    assertThat(e.details())
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /egress_classes/a/0: egress_port_invalid"))
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /egress_classes/b/1: egress_endpoint_malformed"))
        .noneSatisfy(d -> assertThat(d).contains("/egress_classes/b/0"));
  }

  @Test
  void tooManyEndpointsInAClassAreRefused() {
    String endpoints = IntStream.range(0, 257).mapToObj(i -> "'h" + i + ".example.com:443'").collect(Collectors.joining(", "));
    assertThat(refused("egress_classes:\n  web: [" + endpoints + "]\n").details())
        .anySatisfy(d -> assertThat(d).contains("/egress_classes/web"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{\"egress_classes\": {\"Web\": []}}",
    "{\"egress_classes\": {\"web\": [\"api.example.com\"]}}",
    "{\"egress_classes\": {\"web\": [\"api.example.com:65536\"]}}",
    "{\"egress_classes\": {\"web\": [\"api_v1.example.com:443\"]}}",
    "{\"egress_classes\": {\"web\": [\"2001:db8::1:443\"]}}",
    "{\"egress_classes\": {\"web\": [\"a.*.example.com:443\"]}}",
    "{\"egress_classes\": {\"web\": \"api.example.com:443\"}}",
  })
  void publishedSchemaRefusesMalformedEgressClassesOnItsOwn(String json) throws Exception {
    assertThat(Schemas.validate(publishedSchema(), Json.MAPPER.readTree(json))).isNotEmpty();
  }

  @Test
  void publishedSchemaAcceptsEveryEndpointForm() throws Exception {
    String json = "{\"egress_classes\": {\"web\": [\"api.example.com:443\", \"*.example.com:1\", \"192.0.2.1:65535\", \"[2001:db8::1]:443\"], \"none\": []}}";
    assertThat(Schemas.validate(publishedSchema(), Json.MAPPER.readTree(json))).isEmpty();
  }

  private static Schema publishedSchema() throws Exception {
    try (InputStream in = PolicyReader.class.getClassLoader().getResourceAsStream(PolicyReader.SCHEMA_RESOURCE)) {
      return new Schemas().compile(Json.MAPPER.readTree(in));
    }
  }

  @Test
  void publishedSchemaIsTheOneTheGatewayValidatesWith() throws Exception {
    byte[] bundled = PolicyReader.class.getClassLoader().getResourceAsStream(PolicyReader.SCHEMA_RESOURCE).readAllBytes();
    Path published = Path.of("..", "docs", "policy.schema.json");
    assertThat(Files.readAllBytes(published)).as("docs/policy.schema.json is a copy of " + PolicyReader.SCHEMA_RESOURCE).isEqualTo(bundled);
  }
}
