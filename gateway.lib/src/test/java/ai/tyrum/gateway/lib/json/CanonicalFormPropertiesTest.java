package ai.tyrum.gateway.lib.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/** {@link Json#canonicalForm} gives what writing and reading back give, for any JSON-shaped value. */
class CanonicalFormPropertiesTest {

  @Property(tries = 1000)
  void valueIsWhatReadingTheCanonicalTextBackGives(@ForAll("objects") Map<String, Object> value) {
    Json.Canonical form = Json.canonicalForm(value);
    assertThat(form.text()).isEqualTo(Json.canonical(value));
    assertThat(form.value()).isEqualTo(Json.object(form.text()));
  }

  @Property(tries = 300)
  void jsonTreesGiveTheSameFormAsTheValuesTheyHold(@ForAll("objects") Map<String, Object> value) {
    JsonNode tree = Json.MAPPER.valueToTree(value);
    Json.Canonical form = Json.canonicalForm(tree);
    assertThat(form.text()).isEqualTo(Json.canonical(value));
    assertThat(form.value()).isEqualTo(Json.object(form.text()));
  }

  @Property(tries = 1000)
  void canonicalStringsReadBackAsTheStringsWritten(@ForAll("texts") String text) {
    if (noUnpairedSurrogate(text)) {
      assertThat(Json.object(Json.canonical(Map.of("t", text)))).containsEntry("t", text);
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Character> risky = Arbitraries.of('"', '\\', '?', '\u0000', '\u001f', '\n', '\u007f', '\u0080', '\u00ff', '\u0100',
        '\u20ac', '\uD83D', '\uDE00', 'a', 'Z', ' ');
    Arbitrary<Character> any = Arbitraries.oneOf(risky, Arbitraries.chars().ascii(), Arbitraries.chars().all());
    Arbitrary<String> mostlyPlain = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(8).ofMaxLength(80)
        .flatMap(prefix -> any.list().ofMaxSize(3).map(extra -> {
          StringBuilder text = new StringBuilder(prefix);
          extra.forEach(c -> text.insert(Math.abs(c.hashCode()) % (text.length() + 1), c));
          return text.toString();
        }));
    return Arbitraries.oneOf(mostlyPlain, any.list().ofMaxSize(40).map(chars -> {
      StringBuilder text = new StringBuilder();
      chars.forEach(text::append);
      return text.toString();
    }));
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return object(3);
  }

  private Arbitrary<Map<String, Object>> object(int depth) {
    Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6), Arbitraries.of("a", "b", "é", "\uD83D\uDE00", "A", ""));
    return Arbitraries.maps(keys, value(depth)).ofMaxSize(5).map(LinkedHashMap::new);
  }

  private Arbitrary<Object> value(int depth) {
    List<Arbitrary<?>> leaves = new ArrayList<>(List.of(
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(8),
        Arbitraries.strings().all().ofMaxLength(4).filter(CanonicalFormPropertiesTest::noUnpairedSurrogate),
        Arbitraries.integers(),
        Arbitraries.longs(),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
        Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite()),
        Arbitraries.of(0.5, -0.0, 1e21, 1e20, 123456789012345680000.0, 1e-7, 4.35, 9007199254740993.0, 1e300, Double.MIN_VALUE),
        Arbitraries.floats().filter(f -> !f.isNaN() && !f.isInfinite()),
        Arbitraries.of(true, false),
        Arbitraries.just(null)));
    if (depth > 0) {
      leaves.add(object(depth - 1));
      leaves.add(value(depth - 1).list().ofMaxSize(4));
    }
    @SuppressWarnings("unchecked")
    Arbitrary<Object>[] choices = leaves.toArray(Arbitrary[]::new);
    return Arbitraries.oneOf(List.of(choices));
  }

  private static boolean noUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
