package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Objects;

/**
 * The policy decision for one tool and one agent, from one policy snapshot.
 *
 * @param decision what the call may do
 * @param exposed whether the agent sees the tool at all; a hidden tool is always {@code deny}
 * @param reason a stable snake_case reason code, such as {@code allowed_by_default}, {@code allowlisted},
 *     {@code approval_required_by_policy}, {@code denied_by_policy} or {@code disabled_by_plugin_opt_in}
 * @param rule the rule that decided, such as {@code tools.deny: plugin.notes.*}; empty for a default
 * @param snapshotId the SHA-256 (hex) of the canonical JSON of the merged policy that decided
 * @param redactions the sources of the regular expressions (RE2 syntax, checked when the policy was read)
 *     whose matches are redacted from the tool's output; sources, not compiled patterns, so that no regex
 *     engine's classes cross this interface: the core compiles them once per snapshot with its own copy
 */
public record PolicyDecision(
    Decision decision,
    boolean exposed,
    String reason,
    String rule,
    String snapshotId,
    List<String> redactions) {

  public PolicyDecision {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(snapshotId, "snapshotId");
    redactions = List.copyOf(redactions);
    if (!exposed && decision != Decision.deny) {
      throw new IllegalArgumentException("a hidden tool can only be denied");
    }
  }

  /** The exposure part of the decision. */
  public Exposure exposure() {
    return new Exposure(exposed, reason);
  }
}
