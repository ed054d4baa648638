package ai.tyrum.gateway.webconsole;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void quotesAndBackslashesAreEscaped() {
    assertThat(Json.string("a \"b\" \\ c")).isEqualTo("\"a \\\"b\\\" \\\\ c\"");
  }

  @Test
  void controlCharactersAndMarkupAreEscaped() {
    assertThat(Json.string("\n\t\u0001<script>&")).isEqualTo("\"\\n\\t\\u0001\\u003cscript\\u003e\\u0026\"");
  }

  @Test
  void aLoneSurrogateStaysValidJson() {
    assertThat(Json.string("x\ud800")).isEqualTo("\"x\\ud800\"");
  }
}
