package ai.tyrum.gateway.lib.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.spi.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

  @Test
  void readsOneJsonObject() throws Exception {
    assertThat(JsonBody.readObject(body("{\"text\":\"hi\"}")).path("text").asString()).isEqualTo("hi");
  }

  @Test
  void bodyOverOneMebibyteIsTooLarge() {
    byte[] big = new byte[JsonBody.MAX_BYTES + 1];
    Arrays.fill(big, (byte) ' ');

    assertThatThrownBy(() -> JsonBody.readObject(new ByteArrayInputStream(big)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo("body_too_large");
          assertThat(e.status()).isEqualTo(413);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "null", "{\"a\":1,\"a\":2}", "{} {}"})
  void anythingButOneObjectIsInvalidJson(String text) {
    assertThatThrownBy(() -> JsonBody.readObject(body(text)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_json");
          assertThat(e.status()).isEqualTo(400);
        });
  }

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
