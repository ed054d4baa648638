package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Objects;

/**
 * An egress class as the policy in force defines it for one agent: the endpoints a plugin's
 * {@code network.egress} permission with target {@code class:<name>} may reach (DESIGN sections 3 and 4).
 *
 * @param name the class name, such as {@code weather-api}
 * @param endpoints the endpoints it names, sorted; empty when the policy names none (then it reaches nothing)
 * @param snapshotId the policy snapshot that defines it, for the audit record of an egress decision
 * @since 1.2
 */
public record EgressClass(String name, List<EgressEndpoint> endpoints, String snapshotId) {

  public EgressClass {
    Objects.requireNonNull(name, "name");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(snapshotId, "snapshotId");
  }

  /** Whether one of its endpoints {@linkplain EgressEndpoint#matches matches} {@code host}:{@code port}. */
  public boolean permits(String host, int port) {
    return endpoints.stream().anyMatch(e -> e.matches(host, port));
  }
}
