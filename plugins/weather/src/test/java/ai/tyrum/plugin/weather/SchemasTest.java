package ai.tyrum.plugin.weather;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemasTest {

  @ParameterizedTest
  @ValueSource(strings = {"schemas/config.json", "schemas/forecast.input.json", "schemas/forecast.output.json"})
  void everySchemaIsAValidJsonSchema202012(String path) {
    assertThat(JsonFiles.read(path).path("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(JsonFiles.schemaErrors(path)).isEmpty();
  }

  @Test
  void configDefaultsBaseUrlToTheExampleApiAndRefusesWhatIsNotAnHttpUrl() {
    assertThat(JsonFiles.read("schemas/config.json").path("properties").path("base_url").path("default").asString())
        .isEqualTo("https://api.weather.example");
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("base_url", "http://127.0.0.1:8080/weather"))).isEmpty();
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("base_url", "file:///etc/passwd"))).isNotEmpty();
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("base_url", "https://user@api.weather.example"))).isNotEmpty();
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("colour", "red"))).isNotEmpty();
  }

  @Test
  void inputNeedsACityAndNothingElse() {
    assertThat(JsonFiles.violations("schemas/forecast.input.json", Map.of("city", "Oslo"))).isEmpty();
    assertThat(JsonFiles.violations("schemas/forecast.input.json", Map.of())).isNotEmpty();
    assertThat(JsonFiles.violations("schemas/forecast.input.json", Map.of("city", ""))).isNotEmpty();
    assertThat(JsonFiles.violations("schemas/forecast.input.json", Map.of("city", "Oslo", "days", 3))).isNotEmpty();
  }

  @Test
  void outputIsTheForecastObject() {
    assertThat(JsonFiles.violations("schemas/forecast.output.json",
        Map.of("city", "Oslo", "temperature_c", 4.5, "conditions", "light rain"))).isEmpty();
    assertThat(JsonFiles.violations("schemas/forecast.output.json", Map.of("city", "Oslo"))).isNotEmpty();
  }
}
