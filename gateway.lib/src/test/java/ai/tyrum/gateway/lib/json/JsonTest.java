package ai.tyrum.gateway.lib.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;

class JsonTest {

  /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. */
  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void canonicalNumbersMatchRfc8785AppendixB(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(Json.canonical(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0.1, 0.1",
    "1.5, 1.5",
    "-2.25, -2.25",
    "100, 100",
    "1e20, 100000000000000000000",
    "1e-6, 0.000001",
    "1e-7, 1e-7",
    "123456789012345680000, 123456789012345680000",
    "2.0e-3, 0.002",
    "4.50, 4.5"
  })
  void canonicalDoublesUseEcmaScriptForm(double value, String expected) {
    assertThat(Json.canonical(value)).isEqualTo(expected);
  }

  @Test
  void canonicalDoublesRoundTripAcrossMagnitudes() {
    java.util.Random random = new java.util.Random(8785);
    for (int i = 0; i < 20_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      String text = Json.canonical(value);
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
      assertThat(significantDigits(text)).as(text).isLessThanOrEqualTo(significantDigits(Double.toString(value)));
    }
  }

  private static int significantDigits(String text) {
    String mantissa = text.toLowerCase().split("e")[0].replace("-", "").replace(".", "");
    return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
  }

  @Test
  void canonicalIntegersAreExactDigits() {
    assertThat(Json.canonical(List.of(0, -7, 42L, Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"))))
        .isEqualTo("[0,-7,42,9223372036854775807,123456789012345678901234567890]");
  }

  @Test
  void canonicalFloatsAndDecimalsUseTheDigitsJsonWouldCarry() {
    assertThat(Json.canonical(0.1f)).isEqualTo("0.1");
    assertThat(Json.canonical(new BigDecimal("4.50"))).isEqualTo("4.5");
  }

  @Test
  void canonicalRefusesNumbersJsonCannotHold() {
    assertThatThrownBy(() -> Json.canonical(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.canonical(Map.of("x", Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 8785 §3.2.3: keys sort by UTF-16 code units, so U+1F600 (a surrogate pair) sorts before U+FB33. */
  @Test
  void canonicalSortsKeysByUtf16CodeUnits() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("\u20ac", "Euro Sign");
    object.put("\r", "Carriage Return");
    object.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    object.put("1", "One");
    object.put("\ud83d\ude00", "Emoji: Grinning Face");
    object.put("\u0080", "Control");
    object.put("\u00f6", "Latin Small Letter O With Diaeresis");

    assertThat(Json.canonical(object))
        .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
            + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
            + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /** RFC 8785 §3.2.2 / Appendix: the worked example, parsed from its JSON text. */
  @Test
  void canonicalMatchesTheRfcExample() {
    String input = """
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
          "literals": [null, true, false]
        }
        """;
    String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

    assertThat(Json.canonical(Json.object(input))).isEqualTo(expected);
  }

  @Test
  void canonicalEscapesOnlyQuoteBackslashAndControls() {
    assertThat(Json.canonical("a\"b\\c\b\f\n\r\t\u0001\u001f\u007f\u2028/"))
        .isEqualTo("\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u2028/\"");
  }

  @Test
  void canonicalRefusesUnpairedSurrogates() {
    assertThatThrownBy(() -> Json.canonical("x\ud800y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.canonical("\udc00")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalHasNoWhitespaceAndNestsAndKeepsNulls() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("z", null);
    inner.put("a", List.of());
    List<Object> list = new ArrayList<>(Arrays.asList(1, null, Map.of()));
    assertThat(Json.canonical(Map.of("b", inner, "a", list)))
        .isEqualTo("{\"a\":[1,null,{}],\"b\":{\"a\":[],\"z\":null}}");
  }

  record Sample(String name, int count) {}

  @Test
  void canonicalTurnsOtherValuesIntoJsonTreesFirst() {
    assertThat(Json.canonical(new Sample("x", 2))).isEqualTo("{\"count\":2,\"name\":\"x\"}");
    assertThat(Json.canonical(Json.MAPPER.readTree("{\"b\":1.0,\"a\":[true]}"))).isEqualTo("{\"a\":[true],\"b\":1}");
  }

  @Test
  void canonicalIsStableAcrossAWriteAndARead() {
    Map<String, Object> value = Map.of("f", 0.1f, "d", 1e-7, "l", 1L << 60, "s", "\u00e9\ud83d\ude00");
    assertThat(Json.canonical(Json.object(Json.bytes(value)))).isEqualTo(Json.canonical(value));
  }

  @Test
  void objectParsesStringsAndBytes() {
    assertThat(Json.object("{\"a\":1,\"b\":[\"x\"]}")).containsEntry("a", 1).containsEntry("b", List.of("x"));
    assertThat(Json.object("{\"n\":1.5}".getBytes(StandardCharsets.UTF_8))).containsEntry("n", 1.5);
  }

  @Test
  void objectRefusesWhatIsNotAnObject() {
    assertThatThrownBy(() -> Json.object("[1]")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> Json.object("\"x\"")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> Json.object("null")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.object("{")).isInstanceOf(JacksonException.class);
  }

  @Test
  void objectRefusesDuplicateKeysAndTrailingContent() {
    assertThatThrownBy(() -> Json.object("{\"a\":1,\"a\":2}")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> Json.object("{\"a\":1} {\"b\":2}")).isInstanceOf(JacksonException.class);
  }

  @Test
  void bytesAndStringWriteCompactJson() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("a", 1);
    value.put("b", "x");
    assertThat(Json.string(value)).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    assertThat(new String(Json.bytes(value), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":\"x\"}");
  }
}
