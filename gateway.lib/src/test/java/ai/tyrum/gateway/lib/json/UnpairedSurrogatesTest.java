package ai.tyrum.gateway.lib.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class UnpairedSurrogatesTest {

  @Test
  void findsLoneHighAndLowSurrogatesAndAcceptsPairs() {
    assertThat(UnpairedSurrogates.indexIn("plain")).isEqualTo(-1);
    assertThat(UnpairedSurrogates.indexIn("\ud83d\ude00")).isEqualTo(-1);
    assertThat(UnpairedSurrogates.indexIn("a\ud800")).isEqualTo(1);
    assertThat(UnpairedSurrogates.indexIn("\ude00\ud83d")).isEqualTo(0);
    assertThat(UnpairedSurrogates.indexIn("\ud83d\ude00\ude00")).isEqualTo(2);
  }

  @Test
  void pointsAtValuesAndNamesAndSpellsABrokenNameInItsPointer() {
    var tree = Json.MAPPER.readTree("{\"a\":[\"ok\",\"\\udc00\"],\"b\\ud800/x\":{\"c\":\"\\ud800\"}}");

    assertThat(UnpairedSurrogates.in(tree))
        .extracting(UnpairedSurrogates.Place::pointer, UnpairedSurrogates.Place::inName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/a/1", false),
            org.assertj.core.groups.Tuple.tuple("/b\\ud800~1x", true),
            org.assertj.core.groups.Tuple.tuple("/b\\ud800~1x/c", false));
  }

  /** The rule's reason: exactly the strings found are those UTF-8 does not give back as they were. */
  @Property(tries = 1000)
  void aStringIsFoundExactlyWhenUtf8CannotCarryIt(@ForAll("texts") String text) {
    boolean survives = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
    assertThat(UnpairedSurrogates.indexIn(text) < 0).isEqualTo(survives);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withCharRange('a', 'c').withCharRange('\ud7ff', '\ue000').ofMaxLength(6);
  }
}
