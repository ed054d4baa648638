package ai.tyrum.gateway.lib.schema;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The regular expressions of plugin schemas ({@code pattern}, {@code patternProperties}) run with RE2/J,
 * in time linear in the text: a plugin's schema is checked against every tool input an agent sends,
 * before the call's deadline starts, so a backtracking engine would let one input hold a request thread
 * for as long as the pattern's worst case. A pattern RE2 cannot run (a backreference, lookaround) refuses
 * the schema when it is compiled, so the plugin is refused at load, never a call at run time.
 */
final class Re2Patterns implements RegularExpressionFactory {

  static final Re2Patterns INSTANCE = new Re2Patterns();

  private Re2Patterns() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = compile(regex);
    // JSON Schema patterns are not anchored: they match anywhere in the string (2020-12 validation 6.3.3)
    return text -> pattern.matcher(text).find();
  }

  /**
   * {@code regex} compiled as RE2.
   *
   * @throws IllegalArgumentException naming the pattern and what RE2 does not run in it
   */
  static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException | StackOverflowError e) {
      throw new IllegalArgumentException("the pattern " + quoted(regex) + " is not a regular expression the gateway runs"
          + " (RE2 syntax, linear in time: no backreferences or lookaround)"
          + (e instanceof PatternSyntaxException p ? ": " + p.getDescription() : ": it nests too deeply"));
    }
  }

  /** Whether {@code regex} matches anywhere in {@code text}; false for a pattern RE2 cannot run. */
  static boolean finds(String regex, String text) {
    try {
      return Pattern.compile(regex).matcher(text).find();
    } catch (PatternSyntaxException | StackOverflowError e) {
      return false;
    }
  }

  private static String quoted(String regex) {
    return "'" + (regex.length() > 80 ? regex.substring(0, 80) + "…" : regex) + "'";
  }
}
