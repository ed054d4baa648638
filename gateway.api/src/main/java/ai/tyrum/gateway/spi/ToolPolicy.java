package ai.tyrum.gateway.spi;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Decides which plugin tools an agent sees and what a call may do (DESIGN section 4, steps 1 and 3). */
@ProviderType
public interface ToolPolicy {

  /**
   * The decision for {@code tool} and {@code agent} under the policy snapshot in force now.
   *
   * @since 1.1
   */
  PolicyDecision decide(ToolDescriptor tool, String agent);

  /**
   * The decision an earlier snapshot gave (or would give), for replaying what an audit record names.
   *
   * @return empty when no snapshot {@code snapshotId} was ever in force
   * @since 1.1
   */
  Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId);

  /** Whether {@code tool} is exposed to {@code agent}, and the reason code either way. */
  default Exposure exposure(ToolDescriptor tool, String agent) {
    return decide(tool, agent).exposure();
  }

  /**
   * The id of the policy snapshot in force now: the SHA-256 (hex) of its canonical JSON.
   *
   * @since 1.1
   */
  String snapshotId();

  /**
   * The egress class {@code name} as the policy snapshot in force defines it for {@code agent}: the
   * endpoints that a {@code network.egress} permission with target {@code class:<name>} may reach. An
   * agent without a policy file of its own sees the classes every agent sees.
   *
   * <p>The default, for an implementation that knows no egress classes, defines none: egress through a
   * class then fails closed.
   *
   * @return empty when the policy defines no class {@code name} for {@code agent}
   * @since 1.2
   */
  default Optional<EgressClass> egressClass(String name, String agent) {
    return Optional.empty();
  }

  /**
   * The call budgets and the circuit breaker of the policy snapshot in force (its {@code budgets:}
   * section), which the snapshot id covers.
   *
   * <p>The default, for an implementation that knows no budgets, is {@link CallBudgets#DEFAULT}.
   *
   * @since 2.2
   */
  default CallBudgets budgets() {
    return CallBudgets.DEFAULT;
  }

  /**
   * Whether policy trusts the hints (such as {@code readOnlyHint}) of MCP server {@code serverId} that
   * plugin {@code pluginId} defines: only then does a tool the server marks read-only escape opt-in.
   *
   * <p>The default, for an implementation that knows no MCP section, trusts no server.
   *
   * @since 2.3
   */
  default boolean trustsToolHints(String pluginId, String serverId) {
    return false;
  }
}
