package ai.tyrum.gateway.core.config;

import static ai.tyrum.gateway.core.config.ConfigSchemaTest.DRAFT;
import static ai.tyrum.gateway.core.config.ConfigSchemaTest.check;
import static ai.tyrum.gateway.core.config.ConfigSchemaTest.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.tyrum.gateway.lib.schema.Schemas.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values no config may hold, and integers written as fractions: refused with their pointer, before the
 * schema validator sees them, whatever bounds the schema sets.
 */
class ConfigValuesTest {

  private static final ConfigSchema NOTES = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{"
      + "\"max_notes\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000,\"default\":100},"
      + "\"ratio\":{\"type\":\"number\",\"minimum\":0},"
      + "\"free\":{\"type\":\"object\",\"additionalProperties\":true},"
      + "\"label\":{\"type\":\"string\"}}}");

  @Test
  void anIntegerBeyondSixtyFourBitsIsRefusedAtItsPointerAndNeverQuoted() {
    String huge = "1" + "0".repeat(400);

    List<Violation> violations = check(NOTES, "{\"max_notes\":" + huge + ",\"free\":{\"x\":[-" + huge + "]}}");

    assertThat(violations).extracting(Violation::pointer, Violation::keyword)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/max_notes", "range"),
            org.assertj.core.groups.Tuple.tuple("/free/x/0", "range"));
    assertThat(violations.get(0).message()).contains("401 digits").contains("64 bits").doesNotContain(huge);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e19", "-1e19", "1e308", "9.3e18", "60.0", "6e1", "1E+2", "1.5"})
  void aNumberWithAFractionOrExponentIsNoIntegerAndTheValidatorNeverThrowsOnIt(String number) {
    // networknt compares such numbers with an integer bound as longs, and throws beyond 64 bits
    List<Violation> violations = check(NOTES, "{\"max_notes\":" + number + "}");

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/max_notes");
      assertThat(v.keyword()).isEqualTo("type");
      assertThat(v.message()).contains("plain digits");
    });
  }

  @Test
  void theLargestIntegersAreComparedWithTheBoundsExactly() {
    assertThat(check(NOTES, "{\"max_notes\":9223372036854775807}"))
        .extracting(Violation::pointer, Violation::keyword)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/max_notes", "maximum"));
    assertThat(check(NOTES, "{\"max_notes\":60}")).isEmpty();
  }

  @Test
  void aFractionIsANumberWhereTheSchemaAllowsAnyNumberEvenAHugeOne() {
    assertThat(check(NOTES, "{\"ratio\":60.0}")).isEmpty();
    assertThat(check(NOTES, "{\"ratio\":1e308,\"free\":{\"x\":1e19}}")).isEmpty();
  }

  @Test
  void aNumberBeyondTheDoubleRangeIsRefusedWhereverItIs() {
    // a JSON reader makes 1e400 infinity: stored, it would read back as something else, or not at all
    assertThat(check(NOTES, "{\"ratio\":1e400,\"free\":{\"x\":-1e400}}"))
        .extracting(Violation::pointer, Violation::keyword)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/ratio", "range"),
            org.assertj.core.groups.Tuple.tuple("/free/x", "range"));
  }

  @Test
  void aLoneSurrogateInAValueOrANameIsRefusedWithItsPointer() {
    List<Violation> violations = check(NOTES, "{\"label\":\"a\\ud800\",\"free\":{\"k\\udc00\":\"\\ud83d\\ude00\"}}");

    assertThat(violations).extracting(Violation::pointer, Violation::keyword)
        .contains(org.assertj.core.groups.Tuple.tuple("/label", "unicode"),
            org.assertj.core.groups.Tuple.tuple("/free/k\\udc00", "unicode"));
    assertThat(violations).noneMatch(v -> v.pointer().equals("/free/k\\udc00") && v.message().contains("\ud83d"));
  }

  @Test
  void refusalsAndSchemaErrorsAreListedTogether() {
    List<Violation> violations = check(NOTES, "{\"max_notes\":1e19,\"label\":7,\"extra\":true}");

    assertThat(violations).extracting(Violation::pointer).containsExactlyInAnyOrder("/max_notes", "/label", "/extra");
  }

  @Test
  void aSchemaWhoseValidatorThrowsIsAViolationNotAnException() {
    // a "not" the strict-integer check does not look into still reaches networknt's long comparison
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"n\":{\"not\":{\"type\":\"integer\",\"maximum\":5}}}}");

    assertThatCode(() -> check(schema, "{\"n\":1e19}")).doesNotThrowAnyException();
    assertThat(check(schema, "{\"n\":1e19}")).allSatisfy(v -> assertThat(v.pointer()).startsWith("/"));
  }
}
