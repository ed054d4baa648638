package ai.tyrum.gateway.policy.decision;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A tool id pattern from a policy file: {@code *} matches any run of characters, dots included;
 * anything else matches itself. A pattern without {@code *} is an exact id, the only form that opts
 * in an opt-in tool.
 */
record ToolPattern(String text, Pattern regex) {

  static ToolPattern of(String text) {
    return new ToolPattern(
        text, Pattern.compile(Stream.of(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"))));
  }

  boolean exact() {
    return text.indexOf('*') < 0;
  }

  boolean matches(String toolId) {
    return exact() ? text.equals(toolId) : regex.matcher(toolId).matches();
  }
}
