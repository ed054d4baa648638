package ai.tyrum.gateway.lib.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link CanonicalDigest} is the SHA-256 and the length of the UTF-8 of {@link Json#canonical}, and
 * refuses exactly what that refuses, with the same message.
 */
class CanonicalDigestPropertiesTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 1000)
  void treeDigestIsTheHashAndLengthOfTheCanonicalText(@ForAll("trees") JsonNode tree) {
    assertDigestsCanonicalText(tree);
  }

  @Property(tries = 500)
  void valueDigestIsTheHashAndLengthOfTheCanonicalText(@ForAll("values") Object value) {
    assertDigestsCanonicalText(value);
  }

  @Property(tries = 1000)
  void stringDigestIsTheHashAndLengthOfTheCanonicalText(@ForAll("texts") String text) {
    // as CommandDispatcher hashes a command's arguments
    assertDigestsCanonicalText(Map.of("text", text));
  }

  @Example
  void stringsLongerThanTheBufferDigestWhole() {
    assertDigestsCanonicalText("x".repeat(5000));
    assertDigestsCanonicalText("\"".repeat(3000) + "\u00e9\u20ac\uD83D\uDE00".repeat(700));
  }

  @Example
  void aRefusedValueLeavesNothingBehindForTheNextCall() {
    assertThatThrownBy(() -> CanonicalDigest.of(List.of("x".repeat(1500), Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertDigestsCanonicalText(List.of("y".repeat(1500)));
  }

  @Example
  void aValueWhoseSerialisationHashesAnotherValueIsDigestedWhole() {
    assertDigestsCanonicalText(List.of("x".repeat(1500), new HashingOnRead("ignored"), "tail"));
  }

  /** Hashes another value while Jackson serialises it, so inside the outer value's digest. */
  record HashingOnRead(String hash) {
    @Override
    public String hash() {
      return CanonicalDigest.of(Map.of("inner", "z".repeat(700))).sha256();
    }
  }

  private static void assertDigestsCanonicalText(Object value) {
    String text;
    try {
      text = Json.canonical(value);
    } catch (IllegalArgumentException refused) {
      assertThatThrownBy(() -> CanonicalDigest.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(refused.getMessage());
      return;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    CanonicalDigest digest = CanonicalDigest.of(value);
    assertThat(digest.sha256()).isEqualTo(sha256(utf8));
    assertThat(digest.bytes()).isEqualTo(utf8.length);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Mostly plain text, short or longer than the digest's buffer, with a few characters that need an
   * escape, a second UTF-8 byte or more, or that stand for one (unpaired surrogates, '?').
   */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Character> risky = Arbitraries.of('"', '\\', '?', '\u0000', '\b', '\u001f', '\n', '\u007f', '\u0080', '\u00ff',
        '\u0100', '\u07ff', '\u0800', '\u20ac', '\uffff', '\uD83D', '\uDE00', 'a', ' ');
    Arbitrary<Character> any = Arbitraries.oneOf(risky, Arbitraries.chars().ascii(), Arbitraries.chars().all());
    Arbitrary<String> pairs = Arbitraries.of("\uD83D\uDE00", "\uDBFF\uDFFF", "\uD800\uDC00");
    Arbitrary<String> mostlyPlain = Arbitraries.integers().between(0, 3000)
        .flatMap(length -> Arbitraries.strings().withCharRange(' ', '~').ofLength(length))
        .flatMap(plain -> Arbitraries.oneOf(any.map(String::valueOf), pairs).list().ofMaxSize(4).map(extra -> {
          StringBuilder text = new StringBuilder(plain);
          extra.forEach(piece -> text.insert(Math.floorMod(piece.hashCode() * 31, text.length() + 1), piece));
          return text.toString();
        }));
    Arbitrary<String> anything = Arbitraries.oneOf(any.map(String::valueOf), pairs).list().ofMaxSize(40)
        .map(pieces -> String.join("", pieces));
    return Arbitraries.oneOf(mostlyPlain, anything);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return tree(3);
  }

  private Arbitrary<JsonNode> tree(int depth) {
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(List.of(
        texts().map(NODES::stringNode),
        Arbitraries.shorts().map(NODES::numberNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(NODES::numberNode),
        Arbitraries.bigDecimals().ofScale(5).map(NODES::numberNode),
        Arbitraries.floats().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(0.5, -0.0, 1e21, 1e-7, 4.35, 9007199254740993.0, 1e300, Double.MIN_VALUE).map(NODES::numberNode),
        Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(NODES::binaryNode)));
    // what JCS cannot represent, now and then
    Arbitrary<JsonNode> refused = Arbitraries.of(
        NODES.numberNode(Double.NaN), NODES.numberNode(Double.NEGATIVE_INFINITY), NODES.numberNode(Float.POSITIVE_INFINITY),
        NODES.stringNode("a\uD800"), NODES.pojoNode(new Object()));
    if (depth == 0) {
      return Arbitraries.frequencyOf(Tuple.of(40, leaf), Tuple.of(1, refused));
    }
    Arbitrary<JsonNode> object = Arbitraries.maps(keys(), tree(depth - 1)).ofMaxSize(5).map(members -> {
      ObjectNode node = NODES.objectNode();
      members.forEach(node::set);
      return node;
    });
    Arbitrary<JsonNode> array = tree(depth - 1).list().ofMaxSize(5).map(elements -> {
      ArrayNode node = NODES.arrayNode();
      elements.forEach(node::add);
      return node;
    });
    return Arbitraries.frequencyOf(Tuple.of(40, leaf), Tuple.of(1, refused), Tuple.of(10, object), Tuple.of(10, array));
  }

  /** Names whose UTF-16 order differs from their code point and UTF-8 order, among others. */
  private Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(6),
        Arbitraries.of("a", "b", "A", "", "\u00e9", "\uffff", "\uD83D\uDE00", "\uD800\uDC00", "a\"", "\n"));
  }

  /** JSON-shaped Java values, as CommandDispatcher and the audit log hash them. */
  @Provide
  Arbitrary<Object> values() {
    return value(3);
  }

  private Arbitrary<Object> value(int depth) {
    List<Arbitrary<?>> leaves = new ArrayList<>(List.of(
        texts(),
        Arbitraries.integers(),
        Arbitraries.longs(),
        Arbitraries.shorts(),
        Arbitraries.bytes(),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
        Arbitraries.bigDecimals().ofScale(3).map(BigDecimal::stripTrailingZeros),
        Arbitraries.doubles(),
        Arbitraries.floats(),
        Arbitraries.of(true, false),
        Arbitraries.chars().all(),
        Arbitraries.just(null)));
    Arbitrary<Object> refused = Arbitraries.of(Double.NaN, Float.NEGATIVE_INFINITY, Map.of(1, "not a string key"));
    if (depth > 0) {
      leaves.add(Arbitraries.maps(keys(), value(depth - 1)).ofMaxSize(5).map(LinkedHashMap::new));
      leaves.add(value(depth - 1).list().ofMaxSize(4));
    }
    @SuppressWarnings("unchecked")
    Arbitrary<Object>[] choices = leaves.toArray(Arbitrary[]::new);
    return Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.oneOf(List.of(choices))), Tuple.of(1, refused));
  }
}
