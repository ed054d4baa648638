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

  @Test
  void patternsRunInLinearTimeSoAnInputCannotMakeValidationBacktrack() {
    Schema nested = new Schemas().compile(Json.MAPPER.readTree("""
        {"type":"object","properties":{"s":{"type":"string","pattern":"^(a+)+$"}}}"""));
    // a backtracking engine tries about 2^40 ways to split the a's before it gives up on the final '!'
    String hostile = "a".repeat(40) + "!";

    assertThat(Schemas.validate(nested, Json.MAPPER.createObjectNode().put("s", hostile)))
        .singleElement().extracting(Schemas.Violation::pointer).isEqualTo("/s");
    assertThat(Schemas.validate(nested, Json.MAPPER.createObjectNode().put("s", "aaa"))).isEmpty();
  }

  @Test
  void aPatternRe2CannotRunRefusesTheSchemaWhenItIsCompiled() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Schemas().compile(Json.MAPPER.readTree("""
            {"type":"string","pattern":"^(?=a)b+$"}""")))
        .isInstanceOf(Schemas.InvalidSchemaException.class)
        .hasMessageContaining("not a regular expression the gateway runs");
  }

  @Test
  void patternsMatchAnywhereInTheStringAsJsonSchemaSays() {
    Schema unanchored = new Schemas().compile(Json.MAPPER.readTree("""
        {"type":"string","pattern":"b+"}"""));
    assertThat(Schemas.validate(unanchored, Json.MAPPER.readTree("\"abbc\""))).isEmpty();
    assertThat(Schemas.validate(unanchored, Json.MAPPER.readTree("\"ac\""))).hasSize(1);
    assertThat(Schemas.patternFinds("^secret_", "secret_key")).isTrue();
    assertThat(Schemas.patternFinds("(?=x)", "x")).isFalse();
  }
}
