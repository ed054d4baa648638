package ai.tyrum.gateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ConfigPathTest {

  private static ObjectNode config(String json) {
    return ConfigSchemaTest.config(json);
  }

  @Test
  void aPointerAndADottedPathNameTheSameProperty() {
    assertThat(ConfigPath.parse("/retry/times")).isEqualTo(ConfigPath.parse("retry.times"));
  }

  @Test
  void pointerEscapesNameSlashesTildesAndDots() {
    assertThat(ConfigPath.parse("/a~1b/c~0d/e.f").names()).containsExactly("a/b", "c~d", "e.f");
    assertThat(ConfigPath.parse("/__proto__").names()).containsExactly("__proto__");
  }

  @Test
  void setCreatesTheObjectsOnTheWayAndLeavesTheOriginalAlone() {
    ObjectNode original = config("{\"greeting\":\"hi\"}");

    ObjectNode changed = ConfigPath.parse("retry.times").set(original, JsonNodeFactory.instance.numberNode(3));

    assertThat(changed.toString()).isEqualTo("{\"greeting\":\"hi\",\"retry\":{\"times\":3}}");
    assertThat(original.toString()).isEqualTo("{\"greeting\":\"hi\"}");
  }

  @Test
  void unsetRemovesOnlyThatPropertyAndToleratesAMissingOne() {
    assertThat(ConfigPath.parse("/retry/times").unset(config("{\"retry\":{\"times\":3,\"on\":true}}")).toString())
        .isEqualTo("{\"retry\":{\"on\":true}}");
    assertThat(ConfigPath.parse("/nothing/here").unset(config("{}")).toString()).isEqualTo("{}");
  }

  @Test
  void aPathThroughAValueThatIsNotAnObjectIsRefused() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigPath.parse("/greeting/deeper").set(config("{\"greeting\":\"hi\"}"), JsonNodeFactory.instance.nullNode()));
    assertThat(e.code()).isEqualTo("invalid_path");
  }

  @Test
  void emptyPathsAndEmptySegmentsAreRefused() {
    for (String path : new String[] {"", "/", "a..b", "/a//b"}) {
      assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigPath.parse(path)).code()).isEqualTo("invalid_path");
    }
  }
}
