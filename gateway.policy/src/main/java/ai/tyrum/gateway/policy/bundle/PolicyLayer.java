package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.spi.Decision;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One policy file as written, before merging: absent keys stay absent, so that the merge can tell
 * "not said" from "said".
 */
public record PolicyLayer(
    Optional<Decision> defaultDecision,
    List<String> allow,
    List<String> requireApproval,
    List<String> deny,
    List<String> redact,
    OptionalLong approvalTtlSeconds) {

  public static final PolicyLayer EMPTY =
      new PolicyLayer(Optional.empty(), List.of(), List.of(), List.of(), List.of(), OptionalLong.empty());

  public PolicyLayer {
    allow = List.copyOf(allow);
    requireApproval = List.copyOf(requireApproval);
    deny = List.copyOf(deny);
    redact = List.copyOf(redact);
  }
}
