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

  @Test
  void aStringWithAnUnpairedSurrogateIsInvalidJsonNamingItsPointer() {
    // JSON escapes spell a lone surrogate that no UTF-8 file or response can hold
    assertThatThrownBy(() -> JsonBody.readObject(body("{\"input\":{\"text\":\"a\\ud800b\"},\"ok\":\"\\ud83d\\ude00\"}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_json");
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.details()).singleElement().asString()
              .startsWith("/input/text (unicode): the string holds an unpaired UTF-16 surrogate at character 1");
        });
  }

  @Test
  void aPairedSurrogateIsOneCharacterAndPasses() throws Exception {
    assertThat(JsonBody.readObject(body("{\"text\":\"\\ud83d\\ude00\"}")).path("text").asString()).isEqualTo("\ud83d\ude00");
  }

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
