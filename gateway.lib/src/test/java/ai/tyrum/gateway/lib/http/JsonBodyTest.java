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

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":", "{\"a\":tru}", "{\"a\":1,\"a\":2}", "{} {}", "[1,2]", "null", "\"text\"", "{\"a\":\"\\ud800\"}x"})
  void refusalsNameNoClassOfTheParser(String text) {
    assertThatThrownBy(() -> JsonBody.readObject(body(text)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage())
            .startsWith("the request")
            .doesNotContain("jackson", "Jackson", "JsonNode", "Exception", "()", "java."));
  }

  @Test
  void bodyThatIsNotUtf8SaysSo() {
    byte[] latin1 = {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'};

    assertThatThrownBy(() -> JsonBody.readObject(new ByteArrayInputStream(latin1)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_json");
          assertThat(e.getMessage()).startsWith("the request body is not UTF-8 text");
        });
  }

  @Test
  void nestingDeeperThanTheParserReadsIsJsonTooDeep() {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

    assertThatThrownBy(() -> JsonBody.readObject(body(deep)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo("json_too_deep");
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).doesNotContain("StreamReadConstraints", "getMaxNestingDepth");
        });
  }

  @Test
  void duplicateFieldNamesItsPointer() {
    assertThatThrownBy(() -> JsonBody.readObject(body("{\"input\":{\"x\":1,\"x\":2}}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.getMessage()).startsWith("the request body names one field twice");
          assertThat(e.details()).containsExactly("/input/x");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/merge-patch+json",
      "application/x-www-form-urlencoded", ""})
  void jsonOrNoContentTypeIsAccepted(String type) {
    JsonBody.requireJsonType(java.util.Optional.of(type));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=x", "application/xml"})
  void otherContentTypesAreUnsupported(String type) {
    assertThatThrownBy(() -> JsonBody.requireJsonType(java.util.Optional.of(type)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo("unsupported_media_type");
          assertThat(e.status()).isEqualTo(415);
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
