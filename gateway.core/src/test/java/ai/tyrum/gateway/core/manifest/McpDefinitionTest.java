package ai.tyrum.gateway.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.manifest.McpDefinition.SecretReference;
import ai.tyrum.gateway.lib.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McpDefinitionTest {

  private final List<ManifestFault> faults = new ArrayList<>();

  private Optional<McpDefinition> parse(String json) {
    return McpDefinition.parse(Json.MAPPER.readTree(json), "tyrum.mcp=\"s\" mcp/s.json", faults);
  }

  private String onlyFault() {
    assertThat(faults).hasSize(1);
    return faults.get(0).toString();
  }

  @Test
  void readsAStdioServerWithArgsAndEnvHoldingASecretReference() {
    McpDefinition definition = parse("""
        {"transport":"stdio","command":"mcp-server-everything","args":["stdio"],
         "env":{"GREETING":"hello","TOKEN":"Bearer ${secret:mcp-server/token}"}}""").orElseThrow();

    assertThat(faults).isEmpty();
    assertThat(definition.command()).isEqualTo("mcp-server-everything");
    assertThat(definition.args()).containsExactly("stdio");
    assertThat(definition.env()).containsExactly(Map.entry("GREETING", "hello"), Map.entry("TOKEN", "Bearer ${secret:mcp-server/token}"));
    assertThat(definition.secretReferences()).containsExactly(new SecretReference("mcp-server", "token"));
  }

  @Test
  void readsAnHttpServerWithHeaders() {
    McpDefinition definition = parse("""
        {"transport":"http","url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer ${secret:remote/key}"}}""")
        .orElseThrow();

    assertThat(definition.url()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(definition.secretReferences()).containsExactly(new SecretReference("remote", "key"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]                                                          | must be a JSON object",
      "{\"command\":\"x\"}                                         | field transport must be \"stdio\" or \"http\"",
      "{\"transport\":\"sse\",\"command\":\"x\"}                   | field transport must be",
      "{\"transport\":\"stdio\"}                                   | field command is required",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"cwd\":\"/\"}   | field cwd is not a field of a stdio server",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"url\":\"http://a\"} | field url is not a field of a stdio server",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"args\":\"-v\"} | field args must be an array of strings",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"args\":[1]}    | field args/0 must be a string",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"env\":{\"A\":1}} | field env/A must be a string",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"env\":{\"A-B\":\"1\"}} | field env/A-B is not a valid name",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"env\":{\"PATH\":\"/bin\"}} | field env/PATH is set by the gateway",
      "{\"transport\":\"stdio\",\"command\":\"x\",\"env\":{\"T\":\"${secret:Bad/x}\"}} | field env/T holds a malformed secret reference",
      "{\"transport\":\"http\"}                                    | field url is required",
      "{\"transport\":\"http\",\"url\":\"ftp://a/b\"}              | field url \"ftp://a/b\" must be an absolute http or https URL",
      "{\"transport\":\"http\",\"url\":\"http://u:p@a/b\"}         | field url must not carry credentials",
      "{\"transport\":\"http\",\"url\":\"http://a\",\"command\":\"x\"} | field command is not a field of a http server",
  })
  void refusesWhatBreaksTheGrammarNamingTheField(String json, String expected) {
    assertThat(parse(json)).isEmpty();
    assertThat(onlyFault()).startsWith("invalid_mcp_definition: tyrum.mcp=\"s\" mcp/s.json").contains(expected);
  }

  @Test
  void resolvesEveryReferenceInAValueAndLeavesTheRest() {
    String resolved = McpDefinition.resolve("a ${secret:s/one} b ${secret:s/two} $1 \\", r -> r.name().toUpperCase());

    assertThat(resolved).isEqualTo("a ONE b TWO $1 \\");
  }
}
