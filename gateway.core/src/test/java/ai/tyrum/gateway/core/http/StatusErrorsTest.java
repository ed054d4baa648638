package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusErrorsTest {

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 405, 408, 411, 413, 414, 415, 417, 418, 431, 500, 501, 502, 503, 505})
  void everyStatusHasASnakeCaseCodeAndAMessageInTheErrorShape(int status) {
    Map<String, Object> body = Json.object(StatusErrors.of(status).json());

    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) body.get("error");
    assertThat((String) error.get("code")).matches("[a-z][a-z0-9_]*");
    assertThat((String) error.get("message")).isNotBlank().doesNotContain("Exception", "jetty", "Jetty");
    assertThat(error.get("details")).isEqualTo(java.util.List.of());
  }

  @Test
  void parserReasonsChooseTheSentenceButAreNeverRepeated() {
    assertThat(StatusErrors.badMessage(400, "No Host").message()).contains("Host header");
    assertThat(StatusErrors.badMessage(400, "Multiple Content-Lengths").message()).contains("Content-Length");
    assertThat(StatusErrors.badMessage(400, "Bad Request").message()).isEqualTo(StatusErrors.of(400).message());
    assertThat(StatusErrors.badMessage(431, "Request Header Fields Too Large").code()).isEqualTo("headers_too_large");
    assertThat(StatusErrors.badMessage(400, "Illegal character CNTL=0x0").message()).doesNotContain("CNTL");
  }
}
