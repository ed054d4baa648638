package ai.tyrum.gateway.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An approval of one plugin operation, which may need several distinct operators (two-person rule).
 * It lives in the same store, with the same ids, events and commands, as the approvals of tool calls.
 *
 * @param id a random id, such as {@code apr_...}
 * @param operation the exact operation it covers
 * @param state {@code pending} until {@code required} distinct operators approved it, then {@code approved};
 *     {@code used} once the operation ran with it; {@code denied} or {@code expired} otherwise
 * @param required how many distinct operators must approve
 * @param approvers the distinct operators who approved so far, in order
 * @param requestedAt when the operation asked for it
 * @param expiresAt after this a pending or approved approval is {@code expired}
 * @param deniedBy who denied it; empty otherwise
 * @param reason why it was denied; empty otherwise
 * @since 2.1
 */
public record OperationApproval(
    String id,
    OperationRequest operation,
    Approval.State state,
    int required,
    List<String> approvers,
    Instant requestedAt,
    Instant expiresAt,
    String deniedBy,
    String reason) {

  public OperationApproval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(deniedBy, "deniedBy");
    Objects.requireNonNull(reason, "reason");
    approvers = List.copyOf(approvers);
  }

  /** The approval as JSON-shaped values, as the HTTP API and the shell show it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("state", state.name());
    json.put("operation", operation.operation());
    json.put("plugin", operation.pluginId());
    json.put("version", operation.version());
    json.put("sha256", operation.sha256());
    json.put("permissions", operation.permissions());
    json.put("required", required);
    json.put("approvers", approvers);
    json.put("requested_at", requestedAt.toString());
    json.put("expires_at", expiresAt.toString());
    if (!deniedBy.isEmpty()) {
      json.put("denied_by", deniedBy);
    }
    if (!reason.isEmpty()) {
      json.put("reason", reason);
    }
    return json;
  }
}
