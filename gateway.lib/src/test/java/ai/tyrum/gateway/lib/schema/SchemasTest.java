package ai.tyrum.gateway.lib.schema;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.json.Json;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;

class SchemasTest {

  private final Schema bounded = new Schemas().compile(Json.MAPPER.readTree("""
      {"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":100}}}"""));

  @Test
  void numberTheValidatorCannotCompareWithABoundIsAViolationAtTheRootNotAnException() {
    assertThat(Schemas.validate(bounded, Json.MAPPER.readTree("{\"n\":1e308}")))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.pointer()).isEqualTo("/");
          assertThat(v.message()).contains("cannot compare").doesNotContain("Exception", "long", "jackson");
        });
  }

  @Test
  void numbersInRangeAreCheckedAsUsual() {
    assertThat(Schemas.validate(bounded, Json.MAPPER.readTree("{\"n\":5}"))).isEmpty();
    assertThat(Schemas.validate(bounded, Json.MAPPER.readTree("{\"n\":500}")))
        .singleElement().extracting(Schemas.Violation::pointer).isEqualTo("/n");
  }
}
