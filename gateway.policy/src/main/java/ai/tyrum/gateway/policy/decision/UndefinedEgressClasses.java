package ai.tyrum.gateway.policy.decision;

import ai.tyrum.gateway.lib.egress.EgressTarget;
import ai.tyrum.gateway.lib.egress.InvalidEgressException;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.spi.RequestedPermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plugins whose {@code network.egress} permission names {@code class:<name>} that a merged policy does
 * not define for every agent: their egress through that class is refused wherever it is missing.
 */
public final class UndefinedEgressClasses {

  /**
   * One plugin's class that some agents' views lack.
   *
   * @param missingFor the agents that do not see it; empty string stands for every agent without a
   *     policy file of its own
   * @param nowhere whether no agent sees it at all
   */
  public record Finding(String pluginId, String pluginVersion, String className, List<String> missingFor, boolean nowhere) {
    public Finding {
      missingFor = List.copyOf(missingFor);
    }
  }

  private UndefinedEgressClasses() {}

  public static List<Finding> find(MergedPolicy policy, List<RequestedPermission> requested) {
    Set<List<String>> seen = new LinkedHashSet<>();
    List<Finding> findings = new ArrayList<>();
    for (RequestedPermission permission : requested) {
      Optional<String> name = className(permission);
      if (name.isEmpty() || !seen.add(List.of(permission.pluginId(), permission.pluginVersion(), name.get()))) {
        continue;
      }
      List<String> missing = new ArrayList<>();
      if (!policy.base().egressClasses().containsKey(name.get())) {
        missing.add("");
      }
      policy.agents().forEach((agent, rules) -> {
        if (!rules.egressClasses().containsKey(name.get())) {
          missing.add(agent);
        }
      });
      if (!missing.isEmpty()) {
        findings.add(new Finding(
            permission.pluginId(), permission.pluginVersion(), name.get(), missing, missing.size() == policy.agents().size() + 1));
      }
    }
    return findings;
  }

  /** Read with the manifest check's own grammar, so a class is found exactly when the plugin could name it. */
  private static Optional<String> className(RequestedPermission permission) {
    if (!Permission.NETWORK_EGRESS.id().equals(permission.permission())) {
      return Optional.empty();
    }
    try {
      return EgressTarget.parse(permission.target()) instanceof EgressTarget.ClassName named
          ? Optional.of(named.name())
          : Optional.empty();
    } catch (InvalidEgressException e) {
      // the gateway refuses such a plugin before it loads; no policy could define the class anyway
      return Optional.empty();
    }
  }
}
