package ai.tyrum.gateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import org.junit.jupiter.api.Test;

/** What the plugin receives through ConfigAdmin. */
class ConfigAdminDeliveryTest {

  @Test
  void configurationCarriesTopLevelScalarsAndTheWholeConfigAsJson() {
    Dictionary<String, Object> properties = ConfigAdminDelivery.properties(ConfigSchemaTest.config(
        "{\"greeting\":\"hi\",\"times\":3,\"ratio\":0.5,\"on\":true,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":1},"
            + "\"mixed\":[1,\"a\"],\"nothing\":null,\"service.pid\":\"evil\",\"tyrum.config.json\":\"forged\"}"));

    assertThat(properties.get("greeting")).isEqualTo("hi");
    assertThat(properties.get("times")).isEqualTo(3L);
    assertThat(properties.get("ratio")).isEqualTo(0.5);
    assertThat(properties.get("on")).isEqualTo(true);
    assertThat((String[]) properties.get("tags")).containsExactly("a", "b");
    assertThat(properties.get("nested")).isNull();
    assertThat(properties.get("mixed")).isNull();
    assertThat(properties.get("nothing")).isNull();
    assertThat(properties.get("service.pid")).isNull();
    assertThat((String) properties.get(ConfigAdminDelivery.JSON_PROPERTY)).contains("\"nested\":{\"x\":1}").doesNotStartWith("forged");
  }

  @Test
  void anIntegerBeyondTheDoubleRangeNeverThrowsOutOfDelivery() {
    // validation refuses it first; delivery runs at start for every plugin and must not stop there
    Dictionary<String, Object> properties =
        ConfigAdminDelivery.properties(ConfigSchemaTest.config("{\"max_notes\":1" + "0".repeat(400) + "}"));

    assertThat(properties.get("max_notes")).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
