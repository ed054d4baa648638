package ai.tyrum.gateway.core.invoke;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The redaction patterns of policy decisions ({@code PolicyDecision.redactions}, sources in RE2 syntax),
 * compiled with RE2/J once per list, which in practice means once per policy snapshot and agent: a
 * decision of the same snapshot carries the same list instance, so a call usually pays one identity
 * check. The policy bundle checked every pattern when it read the file; one that still does not
 * compile fails the call closed before its tool runs.
 */
final class RedactionPatterns {

  /** Distinct lists kept; policy rarely has more than one per agent file, and the map starts over when full. */
  private static final int MAX_LISTS = 64;

  private record Compiled(List<String> sources, List<Pattern> patterns) {}

  private volatile Compiled last = new Compiled(List.of(), List.of());
  private final Map<List<String>, List<Pattern>> compiled = new ConcurrentHashMap<>();

  /**
   * The compiled form of {@code sources}.
   *
   * @throws ToolCallException {@code invalid_policy} when a pattern is not RE2 syntax
   */
  List<Pattern> of(List<String> sources) {
    Compiled seen = last;
    if (seen.sources() == sources || sources.isEmpty()) {
      return sources.isEmpty() ? List.of() : seen.patterns();
    }
    List<Pattern> patterns = compiled.get(sources);
    if (patterns == null) {
      patterns = compile(sources);
      if (compiled.size() >= MAX_LISTS) {
        compiled.clear();
      }
      compiled.put(sources, patterns);
    }
    last = new Compiled(sources, patterns);
    return patterns;
  }

  private static List<Pattern> compile(List<String> sources) {
    List<Pattern> patterns = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      try {
        patterns.add(Pattern.compile(sources.get(i)));
      } catch (PatternSyntaxException | StackOverflowError e) {
        throw new ToolCallException(
            "invalid_policy",
            500,
            "redaction pattern " + i + " of the current policy is not an RE2 regular expression; fix the policy file"
                + " (policy:show names it)",
            List.of("/redaction/patterns/" + i));
      }
    }
    return List.copyOf(patterns);
  }
}
