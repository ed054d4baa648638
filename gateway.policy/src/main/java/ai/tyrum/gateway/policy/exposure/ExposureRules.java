package ai.tyrum.gateway.policy.exposure;

import ai.tyrum.gateway.spi.Exposure;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The exposure rules of DESIGN section 4, as a value: a deny pattern always hides a tool; a tool that
 * is state-changing or belongs to an access-expanding plugin is exposed only when the allowlist names
 * its exact id (a pattern such as {@code *} or {@code plugin.*} never opts it in); any other tool is
 * exposed by default.
 */
record ExposureRules(Set<String> allow, List<Pattern> deny) {

  static final ExposureRules DEFAULT = new ExposureRules(Set.of(), List.of());

  ExposureRules {
    allow = Set.copyOf(allow);
    deny = List.copyOf(deny);
  }

  static ExposureRules of(String[] allow, String[] deny) {
    return new ExposureRules(
        Set.of(allow), List.of(deny).stream().map(ExposureRules::glob).toList());
  }

  Exposure decide(ToolDescriptor tool) {
    for (Pattern pattern : deny) {
      if (pattern.matcher(tool.toolId()).matches()) {
        return Exposure.hidden("denied_by_policy");
      }
    }
    if (tool.optInOnly()) {
      return allow.contains(tool.toolId())
          ? Exposure.exposed("allowlisted")
          : Exposure.hidden("disabled_by_plugin_opt_in");
    }
    return Exposure.exposed("allowed_by_default");
  }

  private static Pattern glob(String pattern) {
    return Pattern.compile(
        Stream.of(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
  }

}
