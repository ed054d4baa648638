package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.PluginRules;
import com.networknt.schema.Schema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n\n", "# only a comment\n", "# Deployment policy\n# tools:\n#   deny: [x]\n", "---\n", "\uFEFF"})
  void fileThatHoldsNoPolicyIsRefusedAsACaughtMidSave(String yaml) {
    assertThat(refused(yaml).details()).singleElement().satisfies(d -> assertThat(d)
        .startsWith("deployment.yml: /: policy_file_empty: ")
        .contains("delete it"));
  }

  @Test
  void fileThatSaysNothingOnPurposeIsAnEmptyLayer() {
    assertThat(read("version: 1\n")).isEqualTo(PolicyLayer.EMPTY);
    assertThat(read("{}\n")).isEqualTo(PolicyLayer.EMPTY);
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
    assertThat(refused("tools:\n  deny: [a]\n  deny: [b]\n").details()).containsExactly(
        "deployment.yml: /tools/deny: yaml_duplicate_key: line 3, column 3: key \"deny\" appears more than once in this map; keep one");
  }

  @Test
  void aliasIsRefusedRatherThanReadAsTheAnchorsName() {
    // a reader that does not resolve aliases takes *x for the text "x": the deny would name no tool
    PolicyException e = refused("tools:\n  allow: [&x plugin.echo.echo]\n  deny: [*x]\n");
    assertThat(e.code()).isEqualTo("invalid_policy");
    assertThat(e.details()).containsExactly(
        "deployment.yml: /tools/allow/0: yaml_anchor: line 2, column 11: anchors (&x) are not used in policy files; write the value itself wherever it is needed",
        "deployment.yml: /tools/deny/0: yaml_alias: line 3, column 10: aliases (*x) are not used in policy files; write the value itself here");
  }

  @Test
  void aliasToAnUndefinedAnchorIsRefused() {
    assertThat(refused("tools:\n  deny: [*nowhere]\n").details())
        .singleElement().satisfies(d -> assertThat(d).startsWith("deployment.yml: /tools/deny/0: yaml_alias: line 2, column 10: "));
  }

  @Test
  void anchoredMapAndItsAliasAreRefused() {
    assertThat(refused("tools: &t\n  deny: [plugin.echo.*]\nagents_copy: *t\n").details())
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /tools: yaml_anchor: line 1, column 8"))
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /agents_copy: yaml_alias: line 3, column 14"));
  }

  @Test
  void billionLaughsIsRefusedWithoutExpandingAnything() {
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String previous = "*" + (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
    }
    yaml.append("tools:\n  deny: *j\n");
    PolicyException e = refused(yaml.toString());
    assertThat(e.faults()).hasSize(10 + 9 * 9 + 1).allSatisfy(d -> assertThat(d).containsAnyOf(": yaml_anchor: ", ": yaml_alias: "));
    assertThat(e.faults()).anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /tools/deny: yaml_alias: line 12, column 9"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "'approvals:\n  ttl_seconds: !!int \"60\"\n'  | /approvals/ttl_seconds | tag:yaml.org,2002:int",
    "'tools:\n  deny: [!!str plugin.echo.echo]\n' | /tools/deny/0          | tag:yaml.org,2002:str",
    "'tools:\n  deny: [!foo plugin.echo.echo]\n'  | /tools/deny/0          | !foo",
    "'tools: !!map\n  deny: [x]\n'                | /tools                 | tag:yaml.org,2002:map",
    "'tools:\n  deny: !!seq [x]\n'                | /tools/deny            | tag:yaml.org,2002:seq",
    "'tools:\n  deny: [! plugin.x]\n'             | /tools/deny/0          | !",
    "'!!python/object:os.system\n  - x\n'         | /                      | tag:yaml.org,2002:python/object:os.system",
  })
  void tagsAreRefusedWithTheirPointer(String yaml, String pointer, String tag) {
    assertThat(refused(yaml).details())
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: " + pointer + ": yaml_tag: line ").contains("tags (" + tag + ")"));
  }

  @Test
  void mergeKeyIsRefused() {
    assertThat(refused("base: &b {deny: [plugin.echo.*]}\ntools:\n  <<: *b\n  allow: [x]\n").details())
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /tools: yaml_merge_key: line 3, column 3: "));
  }

  @Test
  void secondDocumentIsRefused() {
    assertThat(refused("tools:\n  deny: [plugin.echo.*]\n---\ntools:\n  allow: [plugin.echo.echo]\n").details())
        .containsExactly("deployment.yml: /: yaml_multiple_documents: line 3, column 1: a policy file holds one document;"
            + " a second one starts here (---): merge them or use another file");
  }

  @Test
  void directivesAreRefused() {
    assertThat(refused("%YAML 1.1\n---\ntools:\n  deny: [x]\n").details())
        .singleElement().satisfies(d -> assertThat(d).startsWith("deployment.yml: /: yaml_directive: "));
    assertThat(refused("%TAG !e! tag:example.com,2000:\n---\ntools:\n  deny: [x]\n").details())
        .singleElement().satisfies(d -> assertThat(d).startsWith("deployment.yml: /: yaml_directive: "));
  }

  @Test
  void keyThatIsAListOrMapIsRefused() {
    assertThat(refused("tools:\n  ? [deny]\n  : [x]\n").details())
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /tools: yaml_complex_key: line 2, column 5: "));
  }

  @Test
  void nestingBeyondTheLimitIsRefusedWithoutReadingFurther() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThat(refused("tools:\n  deny: " + deep + "\n").details()).singleElement()
        .satisfies(d -> assertThat(d).contains(": yaml_too_deep: ").contains("deeper than " + PolicyYaml.MAX_DEPTH));
  }

  @Test
  void fileLargerThanTheCapIsRefusedBeforeItIsParsed() {
    byte[] big = ("# " + "x".repeat(PolicyReader.MAX_FILE_BYTES) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> READER.read("deployment.yml", big)).isInstanceOfSatisfying(PolicyException.class,
        e -> assertThat(e.details()).containsExactly("deployment.yml: larger than " + PolicyReader.MAX_FILE_BYTES + " bytes"));
  }

  @Test
  void syntaxErrorNamesItsLineAndColumn() {
    assertThat(refused("tools:\n  deny: [plugin.ec").details()).singleElement()
        .satisfies(d -> assertThat(d).startsWith("deployment.yml: yaml_syntax: line ").contains("not valid YAML"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "approvals: {ttl_seconds: 60.0}      | /approvals/ttl_seconds | number_not_whole",
    "approvals: {ttl_seconds: 6e1}       | /approvals/ttl_seconds | number_not_whole",
    "approvals: {ttl_seconds: 60.5}      | /approvals/ttl_seconds | number_not_whole",
    "approvals: {ttl_seconds: '60'}      | /approvals/ttl_seconds | string found, integer expected",
    "approvals: {ttl_seconds: true}      | /approvals/ttl_seconds | boolean found, integer expected",
    "approvals: {ttl_seconds: null}      | /approvals/ttl_seconds | null found, integer expected",
    "approvals: {ttl_seconds: ~}         | /approvals/ttl_seconds | null found, integer expected",
    "approvals: {ttl_seconds: [60]}      | /approvals/ttl_seconds | array found, integer expected",
    "approvals: {ttl_seconds: 0x3C}      | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: 074}       | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: 0o74}      | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: +60}       | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: 3_600}     | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: 1:00}      | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: .inf}      | /approvals/ttl_seconds | yaml_ambiguous_scalar",
    "approvals: {ttl_seconds: 60s}       | /approvals/ttl_seconds | string found, integer expected",
    "approvals: null                     | /approvals             | null found, object expected",
    "approvals: []                       | /approvals             | array found, object expected",
    "version: 1.0                        | /version               | number_not_whole",
    "version: '1'                        | /version               | /version",
    "version: true                       | /version               | /version",
    "tools: {default: yes}               | /tools/default         | yaml_ambiguous_scalar",
    "tools: {default: null}              | /tools/default         | /tools/default",
    "tools: {default: [deny]}            | /tools/default         | /tools/default",
    "tools: {deny: plugin.echo.echo}     | /tools/deny            | string found, array expected",
    "tools: {deny: null}                 | /tools/deny            | null found, array expected",
    "tools: {deny: [123]}                | /tools/deny/0          | integer found, string expected",
    "tools: {deny: [1.5]}                | /tools/deny/0          | number_not_whole",
    "tools: {deny: [true]}               | /tools/deny/0          | boolean found, string expected",
    "tools: {deny: [off]}                | /tools/deny/0          | yaml_ambiguous_scalar",
    "tools: {deny: [null]}               | /tools/deny/0          | null found, string expected",
    "tools: {deny: [[plugin.x]]}         | /tools/deny/0          | array found, string expected",
    "tools: null                         | /tools                 | null found, object expected",
    "tools: plugin.echo.echo             | /tools                 | string found, object expected",
    "redaction: {patterns: sk-.*}        | /redaction/patterns    | string found, array expected",
    "redaction: {patterns: [42]}         | /redaction/patterns/0  | integer found, string expected",
    "egress_classes: {web: [443]}        | /egress_classes/web/0  | egress_endpoint_malformed",
    "egress_classes: {web: null}         | /egress_classes/web    | egress_class_invalid",
    "plugins: {local_installs: 'false'}  | /plugins/local_installs | string found, boolean expected",
    "plugins: {local_installs: off}      | /plugins/local_installs | yaml_ambiguous_scalar",
    "plugins: {local_installs: 0}        | /plugins/local_installs | integer found, boolean expected",
    "plugins: {deploy_preapproved: null} | /plugins/deploy_preapproved | null found, boolean expected",
    "plugins: {allow_sources: internal}  | /plugins/allow_sources | string found, array expected",
    "plugins: {allow_sources: [1]}       | /plugins/allow_sources/0 | integer found, string expected",
    "plugins: {allow_sources: ['a b']}   | /plugins/allow_sources/0 | /plugins/allow_sources/0",
    "plugins: {allow_sources: [a, a]}    | /plugins/allow_sources | /plugins/allow_sources",
    "plugins: {approvals: {install: 2.0}} | /plugins/approvals/install | number_not_whole",
    "plugins: {approvals: {install: '2'}} | /plugins/approvals/install | string found, integer expected",
    "plugins: {approvals: {install: -1}} | /plugins/approvals/install | /plugins/approvals/install",
    "plugins: {approvals: {install: 17}} | /plugins/approvals/install | /plugins/approvals/install",
    "plugins: {approvals: {uninstall: 1}} | /plugins/approvals    | uninstall",
    "plugins: {approvals: 2}             | /plugins/approvals     | integer found, object expected",
    "plugins: {local_install: false}     | /plugins               | local_install",
    "plugins: null                       | /plugins               | null found, object expected",
  })
  void everyTypedFieldRefusesAValueOfAnotherTypeWithItsPointer(String yaml, String pointer, String expected) {
    PolicyException e = refused(yaml + "\n");
    assertThat(e.code()).isEqualTo("invalid_policy");
    assertThat(e.details()).anySatisfy(d -> assertThat(d).startsWith("deployment.yml: " + pointer + ": ").contains(expected));
  }

  @Test
  void wholeNumberCheckSaysWhatWasWrittenOnce() {
    assertThat(refused("approvals:\n  ttl_seconds: 60.0\n").details()).containsExactly(
        "deployment.yml: /approvals/ttl_seconds: number_not_whole: 60.0 is written with a fraction or an exponent,"
            + " and every number in a policy file is a whole number in decimal digits: write 60");
    assertThat(refused("approvals:\n  ttl_seconds: 6e1\n").details()).singleElement().asString().endsWith(": write 60");
    assertThat(refused("approvals:\n  ttl_seconds: 60.5\n").details()).singleElement().asString()
        .contains("60.5 is written").endsWith(": write a whole number, such as 60");
  }

  @Test
  void numberBeyondWhatTheValidatorComparesIsNumberNotWholeNotAValidatorFailure() {
    assertThat(refused("approvals:\n  ttl_seconds: 1e308\n").details()).singleElement().asString()
        .startsWith("deployment.yml: /approvals/ttl_seconds: number_not_whole: 1E+308 is written")
        .endsWith("write a whole number, such as 60");
    assertThat(refused("approvals:\n  ttl_seconds: -1e400\n").details()).singleElement().asString()
        .startsWith("deployment.yml: /approvals/ttl_seconds: number_not_whole:");
  }

  @Test
  void quotedTextAndPlainTextThatOnlyLooksLikeANumberAreText() {
    PolicyLayer layer = read("""
        tools:
          deny: ["0x3c", 'on', plugin.v1.2, plugin.n]
        egress_classes:
          db: [10.0.0.5:5432, 1password.example:443]
        """);
    assertThat(layer.deny()).containsExactly("0x3c", "on", "plugin.v1.2", "plugin.n");
    assertThat(layer.egressClasses().get("db")).extracting(EgressEndpoint::toString)
        .containsExactly("10.0.0.5:5432", "1password.example:443");
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
  void readsThePluginsSectionAsWritten() {
    PluginLayer plugins = read("""
        plugins:
          local_installs: false
          deploy_preapproved: true
          allow_sources: [internal, staging]
          approvals:
            install: 2
            enable: 0
        """).plugins();
    assertThat(plugins.present()).isTrue();
    assertThat(plugins.localInstalls()).contains(false);
    assertThat(plugins.deployPreapproved()).contains(true);
    assertThat(plugins.allowSources()).contains(List.of("internal", "staging"));
    assertThat(plugins.approvals()).containsExactlyInAnyOrderEntriesOf(Map.of("install", 2, "enable", 0));
  }

  @Test
  void fileWithoutAPluginsSectionSaysNothingAboutPlugins() {
    assertThat(read("version: 1\n").plugins()).isEqualTo(PluginLayer.EMPTY);
    PluginLayer empty = read("plugins: {}\n").plugins();
    assertThat(empty.present()).isTrue();
    assertThat(empty.localInstalls()).isEmpty();
    assertThat(empty.allowSources()).isEmpty();
    assertThat(empty.approvals()).isEmpty();
  }

  @Test
  void shippedExamplePolicyIsValidAndSaysTheDefaults() throws Exception {
    byte[] example = Files.readAllBytes(Path.of("..", "distribution", "src", "main", "dist", "etc", "policy.example.yml"));
    PolicyLayer layer = READER.read("policy.example.yml", example);
    assertThat(PolicyMerge.merge(PolicySources.of(layer, Map.of(), PolicyLayer.EMPTY)).plugins())
        .isEqualTo(PluginRules.DEFAULT);
    assertThat(PolicyMerge.merge(PolicySources.of(layer, Map.of(), PolicyLayer.EMPTY)).budgets())
        .isEqualTo(CallBudgets.DEFAULT);
    assertThat(layer.budgets().figures().cpuMs()).contains(CallBudgets.DEFAULT.defaults().cpuMs());
    assertThat(layer.plugins().localInstalls()).contains(true);
    assertThat(layer.plugins().deployPreapproved()).contains(false);
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
