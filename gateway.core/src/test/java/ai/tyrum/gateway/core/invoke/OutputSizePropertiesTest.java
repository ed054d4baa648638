package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@link OutputGuard#size} counts exactly the bytes Jackson writes, for any JSON tree. */
class OutputSizePropertiesTest {

  private static final JsonMapper JSON = Json.MAPPER;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 1000)
  void sizeIsTheLengthOfTheWrittenJson(@ForAll("trees") JsonNode tree) {
    assertThat(OutputGuard.size(tree)).isEqualTo(JSON.writeValueAsBytes(tree).length);
  }

  @Property(tries = 1000)
  void stringSizeIsTheLengthOfTheWrittenString(@ForAll("texts") String text) {
    assertThat(OutputGuard.size(NODES.stringNode(text))).isEqualTo(JSON.writeValueAsBytes(NODES.stringNode(text)).length);
  }

  @Property(tries = 300)
  void longStringsCountTheSameAcrossJacksonsSegments(@ForAll("longTexts") String text) {
    ObjectNode object = NODES.objectNode();
    object.put(text, text);
    assertThat(OutputGuard.size(object)).isEqualTo(JSON.writeValueAsBytes(object).length);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return tree(3);
  }

  /** Characters that escape, that take 2, 3 or 4 bytes, and surrogates alone, among plain text. */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> risky = Arbitraries.of("\"", "\\", "/", "?", "\u0000", "\b", "\t", "\n", "\u000b", "\f", "\r", "\u001f",
        "\u007f", "\u0080", "\u00ff", "\u07ff", "\u0800", "\u20ac", "\uffff", "\uD83D\uDE00", "\uDBFF\uDFFF", "\uD83D", "\uDE00");
    Arbitrary<String> anyChar = Arbitraries.chars().all().map(String::valueOf);
    Arbitrary<String> piece = Arbitraries.oneOf(risky, anyChar, Arbitraries.strings().ascii().ofMaxLength(12));
    return piece.list().ofMaxSize(12).map(pieces -> String.join("", pieces));
  }

  /**
   * Long plain text with risky characters near 1000 and 2000 chars, where Jackson cuts a long string
   * into segments (never between the halves of a surrogate pair).
   */
  @Provide
  Arbitrary<String> longTexts() {
    Arbitrary<Integer> cut = Arbitraries.integers().between(990, 1010);
    return Combinators.combine(cut, texts(), cut, texts())
        .as((first, risky, second, more) -> "a".repeat(first) + risky + "b".repeat(Math.max(0, 2000 - first - risky.length()) + second - 1000) + more);
  }

  private Arbitrary<JsonNode> tree(int depth) {
    List<Arbitrary<? extends JsonNode>> choices = new ArrayList<>(List.of(
        texts().map(NODES::stringNode),
        numbers(),
        Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode())));
    if (depth > 0) {
      choices.add(Arbitraries.maps(Arbitraries.oneOf(texts(), Arbitraries.of("a", "b", "")), tree(depth - 1)).ofMaxSize(5).map(properties -> {
        ObjectNode object = NODES.objectNode();
        properties.forEach(object::set);
        return object;
      }));
      choices.add(tree(depth - 1).list().ofMaxSize(5).map(elements -> {
        ArrayNode array = NODES.arrayNode();
        elements.forEach(array::add);
        return array;
      }));
    }
    return Arbitraries.oneOf(choices);
  }

  /** One of each numeric node type Jackson has, with their edge values. */
  private Arbitrary<JsonNode> numbers() {
    Arbitrary<BigInteger> big = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40));
    return Arbitraries.oneOf(
        Arbitraries.shorts().map(NODES::numberNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        big.map(NODES::numberNode),
        Arbitraries.floats().map(NODES::numberNode),
        Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-7f, 1e7f)
            .map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-3,
            1e7, 2e23, 9007199254740993.0).map(NODES::numberNode),
        Combinators.combine(big, Arbitraries.integers().between(-500, 500)).as(BigDecimal::new).map(NODES::numberNode));
  }
}
