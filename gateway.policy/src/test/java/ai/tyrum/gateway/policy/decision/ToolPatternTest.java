package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ToolPatternTest {

  /** The regex every pattern used to compile to: one {@code .*} per star, the rest quoted. */
  private static boolean regexMatches(String pattern, String toolId) {
    String regex = Stream.of(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return Pattern.compile(regex).matcher(toolId).matches();
  }

  @Property(tries = 5000)
  void matchesAsTheRegexOfOneWildcardPerStarDid(
      @ForAll @Chars({'a', 'b', '.', '*'}) @StringLength(max = 8) String pattern,
      @ForAll @Chars({'a', 'b', '.'}) @StringLength(max = 10) String toolId) {
    assertThat(ToolPattern.of(pattern).matches(toolId)).isEqualTo(regexMatches(pattern, toolId));
  }

  @Property(tries = 2000)
  void matchesEveryIdThatAPatternMadeFromItByStarsMatches(
      @ForAll @CharRange(from = 'a', to = 'c') @StringLength(min = 1, max = 12) String toolId,
      @ForAll @Chars({'0', '1', '2'}) @StringLength(min = 12, max = 12) String mask) {
    // a star replaces each run of characters the mask marks 0: the id always matches
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < toolId.length(); i++) {
      if (mask.charAt(i) != '0') {
        pattern.append(toolId.charAt(i));
      } else if (pattern.isEmpty() || pattern.charAt(pattern.length() - 1) != '*') {
        pattern.append('*');
      }
    }
    assertThat(ToolPattern.of(pattern.toString()).matches(toolId)).isTrue();
  }

  @Test
  void aPrefixAndSuffixMayNotOverlap() {
    assertThat(ToolPattern.of("ab*ba").matches("aba")).isFalse();
    assertThat(ToolPattern.of("ab*ba").matches("abba")).isTrue();
    assertThat(ToolPattern.of("a*b*a").matches("aba")).isTrue();
    assertThat(ToolPattern.of("a*bb*a").matches("abba")).isTrue();
    assertThat(ToolPattern.of("a*bb*ba").matches("abba")).isFalse();
  }

  /** With one backtracking {@code .*} per star, these calls would not end this year. */
  @Test
  void manyStarsMatchAndMissALongIdWithoutBacktracking() {
    ToolPattern stars = ToolPattern.of("************q");
    String id = "plugin.echo." + "e".repeat(10_000);
    for (int i = 0; i < 1000; i++) {
      assertThat(stars.matches(id)).isFalse();
      assertThat(stars.matches(id + "q")).isTrue();
    }
    assertThat(ToolPattern.of("*a*a*a*a*a*a*a*a*a*a*a*a*b").matches("a".repeat(5_000))).isFalse();
  }
}
