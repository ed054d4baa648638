package ai.tyrum.gateway.policy.bundle;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Whether a redaction pattern from a policy file is one the core can run on every tool output: RE2
 * syntax (RE2/J matches in time linear in the text, so no backreferences or lookaround), and not
 * one whose counted repetitions expand it into a huge program, such as {@code ((a{100}){100}){100}}
 * (a million states: seconds to compile, and linear, but with a constant of a million, to run).
 */
final class RedactionPatternCheck {

  /** Pattern elements after counted repetitions are expanded; a 512-character pattern rarely needs 100. */
  static final int MAX_EXPANDED_SIZE = 2_000;

  private RedactionPatternCheck() {}

  /** Why {@code source} cannot be a redaction pattern, or empty when it can. */
  static Optional<String> fault(String source) {
    long size = expandedSize(source);
    if (size > MAX_EXPANDED_SIZE) {
      return Optional.of("the pattern's counted repetitions ({n} or {n,m}) expand it to more than " + MAX_EXPANDED_SIZE
          + " elements; use + or * for long runs");
    }
    try {
      Pattern.compile(source);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "not an RE2 regular expression (backreferences and lookaround are not supported): " + e.getDescription());
    } catch (StackOverflowError e) {
      return Optional.of("the pattern is nested too deeply");
    }
  }

  /**
   * An upper estimate of the pattern's elements once each counted repetition is written out: every
   * literal, escape or character class counts one, a group counts its content, and {@code {n}},
   * {@code {n,}} or {@code {n,m}} multiply what they repeat by n, n + 1 or m. Read from the source,
   * before anything is compiled; a malformed pattern gets some estimate and fails to compile after.
   */
  static long expandedSize(String source) {
    Deque<long[]> groups = new ArrayDeque<>(); // per open group: {size so far, size of its last element}
    long[] current = {0, 0};
    int n = source.length();
    for (int i = 0; i < n; i++) {
      char c = source.charAt(i);
      switch (c) {
        case '\\' -> {
          i = endOfEscape(source, i);
          add(current, 1);
        }
        case '[' -> {
          i = endOfClass(source, i);
          add(current, 1);
        }
        case '(' -> {
          groups.push(current);
          current = new long[] {0, 0};
        }
        case ')' -> {
          long inner = Math.max(1, current[0]);
          current = groups.isEmpty() ? new long[] {0, 0} : groups.pop();
          add(current, inner);
        }
        case '{' -> {
          int close = source.indexOf('}', i);
          long count = close < 0 ? -1 : repeatCount(source.substring(i + 1, close));
          if (count < 0) {
            add(current, 1); // a brace that is no repetition is a literal
          } else {
            long repeated = Math.min(Long.MAX_VALUE / 4, current[1] * count);
            current[0] = Math.min(Long.MAX_VALUE / 2, current[0] - current[1] + repeated);
            current[1] = repeated;
            i = close;
          }
        }
        case '*', '+', '?', '|', '^', '$' -> {
          // no expansion: a loop or an alternative compiles to a few states
        }
        default -> add(current, 1);
      }
    }
    long size = current[0];
    while (!groups.isEmpty()) {
      size += groups.pop()[0];
    }
    return size;
  }

  private static void add(long[] group, long size) {
    group[0] = Math.min(Long.MAX_VALUE / 2, group[0] + size);
    group[1] = size;
  }

  /** n for {n}, n + 1 for {n,}, m for {n,m}; -1 if the text between the braces is no repetition. */
  private static long repeatCount(String inside) {
    int comma = inside.indexOf(',');
    String low = comma < 0 ? inside : inside.substring(0, comma);
    String high = comma < 0 ? "" : inside.substring(comma + 1);
    if (!digits(low) || (!high.isEmpty() && !digits(high))) {
      return -1;
    }
    long n = Long.parseLong(low);
    return comma < 0 ? n : high.isEmpty() ? n + 1 : Long.parseLong(high);
  }

  private static boolean digits(String text) {
    return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  /** Index of the last character of the escape starting at {@code i}: \x, \pX, \p{..}, \x{..}, \Q..\E. */
  private static int endOfEscape(String source, int i) {
    if (i + 1 >= source.length()) {
      return i;
    }
    char kind = source.charAt(i + 1);
    if (kind == 'Q') {
      int end = source.indexOf("\\E", i + 2);
      return end < 0 ? source.length() - 1 : end + 1;
    }
    if ((kind == 'p' || kind == 'P' || kind == 'x') && i + 2 < source.length() && source.charAt(i + 2) == '{') {
      int end = source.indexOf('}', i + 2);
      return end < 0 ? source.length() - 1 : end;
    }
    if ((kind == 'p' || kind == 'P') && i + 2 < source.length()) {
      return i + 2;
    }
    return i + 1;
  }

  /** Index of the {@code ]} that ends the class opened at {@code i}; a {@code ]} first in the class is a member. */
  private static int endOfClass(String source, int i) {
    int j = i + 1;
    if (j < source.length() && source.charAt(j) == '^') {
      j++;
    }
    if (j < source.length() && source.charAt(j) == ']') {
      j++;
    }
    for (; j < source.length(); j++) {
      char c = source.charAt(j);
      if (c == '\\') {
        j = endOfEscape(source, j);
      } else if (c == '[' && j + 1 < source.length() && source.charAt(j + 1) == ':') {
        int end = source.indexOf(":]", j + 2);
        j = end < 0 ? j : end + 1;
      } else if (c == ']') {
        return j;
      }
    }
    return source.length() - 1;
  }
}
