package ai.tyrum.gateway.spi;

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
}
