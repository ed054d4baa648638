package ai.tyrum.plugin.everything;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResourcesTest {

  @Test
  void configSchemaIsAValidJsonSchema202012() {
    assertThat(JsonFiles.read("schemas/config.json").path("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(JsonFiles.schemaErrors("schemas/config.json")).isEmpty();
  }

  @Test
  void configHasNothingToSetAndRefusesUnknownFields() {
    assertThat(JsonFiles.violations("schemas/config.json", Map.of())).isEmpty();
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("command", "sh"))).isNotEmpty();
  }

  @Test
  void mcpDefinitionRunsServerEverythingOverStdioFoundOnTheSearchPath() {
    JsonNode definition = JsonFiles.read("mcp/everything.json");

    assertThat(definition.path("transport").asString()).isEqualTo("stdio");
    // a bare name: the gateway looks it up on tyrum.mcp.path, then <home>/mcp/node_modules/.bin
    assertThat(definition.path("command").asString()).isEqualTo("mcp-server-everything").doesNotContain("/");
    assertThat(definition.path("args").valueStream().map(JsonNode::asString).toList()).containsExactly("stdio");
  }

  @Test
  void mcpDefinitionNamesNoEnvironmentSoItsServerNeedsNoGrant() {
    // no env: the child gets PATH alone, and no secret reference asks for secrets.read
    assertThat(JsonFiles.read("mcp/everything.json").propertyNames()).containsExactlyInAnyOrderElementsOf(
        List.of("transport", "command", "args"));
  }
}
