package ai.tyrum.gateway.policy.decision;

import java.util.List;

/**
 * A tool id pattern from a policy file: {@code *} matches any run of characters, dots included;
 * anything else matches itself. A pattern without {@code *} is an exact id, the only form that opts
 * in an opt-in tool.
 *
 * <p>Matching takes time linear in the id and the pattern, however many stars a policy file writes:
 * the first literal segment is a prefix, the last a suffix, and each one between is found left to
 * right at its earliest place, which is always as good as a later one (a regex with one {@code .*} per
 * star backtracks exponentially instead, and each decision runs every pattern).
 *
 * @param segments the literal text between the stars, so one more than there are stars
 */
record ToolPattern(String text, List<String> segments) {

  static ToolPattern of(String text) {
    return new ToolPattern(text, List.of(text.split("\\*", -1)));
  }

  boolean exact() {
    return segments.size() == 1;
  }

  boolean matches(String toolId) {
    if (exact()) {
      return text.equals(toolId);
    }
    String prefix = segments.get(0);
    String suffix = segments.get(segments.size() - 1);
    if (toolId.length() < prefix.length() + suffix.length() || !toolId.startsWith(prefix) || !toolId.endsWith(suffix)) {
      return false;
    }
    int from = prefix.length();
    int end = toolId.length() - suffix.length(); // the middle segments must fit before the suffix
    for (int i = 1; i < segments.size() - 1; i++) {
      String segment = segments.get(i);
      int at = toolId.indexOf(segment, from);
      if (at < 0 || at + segment.length() > end) {
        return false;
      }
      from = at + segment.length();
    }
    return true;
  }
}
