package ai.tyrum.gateway.core.invoke;

import java.util.Map;
import java.util.Optional;

/**
 * A successful tool call.
 *
 * @param output the validated output
 * @param decision the policy decision that let it run
 * @param auditSeq the sequence number of its audit record
 * @param policySnapshot the id of the policy snapshot that decided
 * @param approval the approval the call used, when policy required one
 * @param truncated whether the output was cut to the size cap (strings end with a marker)
 */
public record ToolOutcome(
    Map<String, Object> output, String decision, long auditSeq, String policySnapshot, Optional<String> approval,
    boolean truncated) {}
