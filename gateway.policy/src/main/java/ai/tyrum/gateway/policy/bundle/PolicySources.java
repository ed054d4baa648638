package ai.tyrum.gateway.policy.bundle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every policy file of the policy dir, read and validated: {@code deployment.yml},
 * {@code agents/<agent>.yml} and {@code overrides.yml}; a missing file is an empty layer.
 */
public record PolicySources(
    PolicyLayer deployment,
    SortedMap<String, PolicyLayer> agents,
    PolicyLayer overrides,
    List<SourceFile> files) {

  /** No files at all: the shipped default. */
  public static final PolicySources NONE =
      new PolicySources(PolicyLayer.EMPTY, new TreeMap<>(), PolicyLayer.EMPTY, List.of());

  public PolicySources {
    agents = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(agents));
    files = List.copyOf(files);
  }

  public static PolicySources of(
      PolicyLayer deployment, Map<String, PolicyLayer> agents, PolicyLayer overrides) {
    return new PolicySources(deployment, new TreeMap<>(agents), overrides, List.of());
  }

  public Optional<PolicyLayer> agent(String agent) {
    return Optional.ofNullable(agents.get(agent));
  }
}
