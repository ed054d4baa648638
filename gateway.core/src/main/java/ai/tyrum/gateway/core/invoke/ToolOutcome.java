package ai.tyrum.gateway.core.invoke;

import java.util.Map;

/**
 * A successful tool call.
 *
 * @param output the validated output
 * @param decision the policy decision that let it run
 * @param auditSeq the sequence number of its durable audit record
 */
public record ToolOutcome(Map<String, Object> output, String decision, long auditSeq) {}
