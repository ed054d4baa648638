package ai.tyrum.gateway.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One approval and the exact call it covers.
 *
 * @param id a random id, such as {@code apr_...}
 * @param call the call it covers
 * @param state where it stands
 * @param requestedAt when the call asked for it
 * @param expiresAt after this a pending or approved approval is {@code expired}
 * @param decidedAt when an operator approved or denied it
 * @param decidedBy who approved or denied it; empty until then
 * @param reason why it was denied; empty otherwise
 */
public record Approval(
    String id,
    ApprovalRequest call,
    State state,
    Instant requestedAt,
    Instant expiresAt,
    Optional<Instant> decidedAt,
    String decidedBy,
    String reason) {

  /** Where an approval stands; only {@code approved} lets a call run, once, which makes it {@code used}. */
  public enum State {
    pending,
    approved,
    denied,
    expired,
    used
  }

  public Approval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(decidedAt, "decidedAt");
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(reason, "reason");
  }

  /** The approval as JSON-shaped values, as the HTTP API and the shell show it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("state", state.name());
    json.put("tool", call.toolId());
    json.put("agent", call.agent());
    json.put("input_sha256", call.inputSha256());
    json.put("policy_snapshot", call.snapshotId());
    json.put("requested_at", requestedAt.toString());
    json.put("expires_at", expiresAt.toString());
    decidedAt.ifPresent(at -> json.put("decided_at", at.toString()));
    if (!decidedBy.isEmpty()) {
      json.put("decided_by", decidedBy);
    }
    if (!reason.isEmpty()) {
      json.put("reason", reason);
    }
    return json;
  }
}
