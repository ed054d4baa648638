package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class RequestBodyTest {

  private static final Set<String> FIELDS = Set.of("agent", "input");

  @ParameterizedTest
  @ValueSource(strings = {"{\"agent\":{\"x\":1}}", "{\"agent\":12}", "{\"agent\":true}", "{\"agent\":[\"a\"]}"})
  void aStringFieldOfAnotherTypeIsRefusedWithItsPointer(String json) {
    RequestBody body = new RequestBody(object(json), FIELDS);

    assertThatThrownBy(() -> body.string("agent"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_request");
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.details()).containsExactly("/agent");
          assertThat(e.getMessage()).startsWith("/agent must be a string, not ");
        });
  }

  @Test
  void absentOrNullOptionalFieldIsEmpty() {
    assertThat(new RequestBody(object("{}"), FIELDS).string("agent")).isEmpty();
    assertThat(new RequestBody(object("{\"agent\":null}"), FIELDS).string("agent")).isEmpty();
    assertThat(new RequestBody(object("{\"agent\":\"ops\"}"), FIELDS).string("agent")).contains("ops");
  }

  @Test
  void aListOfStringsIsReadWholeAndAnElementOfAnotherTypeIsRefusedWithItsPointer() {
    Set<String> fields = Set.of("grants");
    assertThat(new RequestBody(object("{}"), fields).strings("grants")).isEmpty();
    assertThat(new RequestBody(object("{\"grants\":[\"db:plugin\",\"fs.read:cache\"]}"), fields).strings("grants"))
        .containsExactly("db:plugin", "fs.read:cache");
    assertThatThrownBy(() -> new RequestBody(object("{\"grants\":\"db:plugin\"}"), fields).strings("grants"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.details()).containsExactly("/grants");
          assertThat(e.getMessage()).isEqualTo("/grants must be an array of strings, not a string");
        });
    assertThatThrownBy(() -> new RequestBody(object("{\"grants\":[\"db:plugin\",7]}"), fields).strings("grants"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_request");
          assertThat(e.details()).containsExactly("/grants/1");
          assertThat(e.getMessage()).isEqualTo("/grants/1 must be a string, not a number");
        });
  }

  @Test
  void requiredObjectMustBeThereAndAnObject() {
    assertThatThrownBy(() -> new RequestBody(object("{}"), FIELDS).requiredObject("input"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.details()).containsExactly("/input"));
    assertThatThrownBy(() -> new RequestBody(object("{\"input\":\"x\"}"), FIELDS).requiredObject("input"))
        .hasMessage("/input must be an object, not a string");
  }

  @Test
  void aFieldTheRequestDoesNotTakeIsRefusedWithItsEscapedPointer() {
    assertThatThrownBy(() -> new RequestBody(object("{\"a/b~\":1}"), FIELDS))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.details()).containsExactly("/a~1b~0");
          assertThat(e.getMessage()).contains("it takes agent, input");
        });
  }

  private static ObjectNode object(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }
}
