package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemasTest {

  @ParameterizedTest
  @ValueSource(strings = {"schemas/config.json", "schemas/greet.input.json", "schemas/greet.output.json"})
  void everySchemaIsAValidJsonSchema202012(String path) {
    assertThat(JsonFiles.read(path).path("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(JsonFiles.schemaErrors(path)).isEmpty();
  }

  @Test
  void configMarksApiKeyWriteOnlyAndDefaultsGreetingToHello() {
    var properties = JsonFiles.read("schemas/config.json").path("properties");

    assertThat(properties.path("api_key").path("writeOnly").asBoolean()).isTrue();
    assertThat(properties.path("greeting").path("default").asString()).isEqualTo("Hello");
  }

  @Test
  void configAcceptsItsFieldsAndRefusesUnknownOnes() {
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("greeting", "Hi", "api_key", "k"))).isEmpty();
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("colour", "red"))).isNotEmpty();
  }

  @Test
  void inputRefusesAMissingOrEmptyNameAndExtraFields() {
    assertThat(JsonFiles.violations("schemas/greet.input.json", Map.of())).isNotEmpty();
    assertThat(JsonFiles.violations("schemas/greet.input.json", Map.of("name", ""))).isNotEmpty();
    assertThat(JsonFiles.violations("schemas/greet.input.json", Map.of("name", "Ada", "more", 1))).isNotEmpty();
  }
}
