package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code plugins:} section of the policy in force.
 *
 * @param localInstalls whether jars from local files may be installed ({@code plugin:install FILE.jar},
 *     the deploy folder, a plain {@code felix:install})
 * @param deployPreapproved whether a jar dropped into {@code deploy/} loads without an operator's
 *     approval (its permissions must still be granted)
 * @param allowedSources catalog sources (by the name in {@code marketplace/sources.json}) that may be
 *     used unsigned or signed by a key that is not trusted
 * @param approvers per operation ({@code install}, {@code upgrade}, {@code enable}), how many distinct
 *     operators must approve it; absent or 0 means none
 * @since 2.1
 */
public record PluginRules(
    boolean localInstalls, boolean deployPreapproved, List<String> allowedSources, Map<String, Integer> approvers) {

  /** What applies with no {@code plugins:} section: local installs allowed, nothing preapproved, no approvals. */
  public static final PluginRules DEFAULT = new PluginRules(true, false, List.of(), Map.of());

  public PluginRules {
    allowedSources = List.copyOf(allowedSources);
    approvers = Map.copyOf(approvers);
    Objects.requireNonNull(allowedSources);
  }

  /** How many distinct operators must approve {@code operation}; 0 when none. */
  public int approversFor(String operation) {
    return approvers.getOrDefault(operation, 0);
  }
}
