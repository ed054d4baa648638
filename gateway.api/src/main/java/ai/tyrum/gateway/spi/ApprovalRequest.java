package ai.tyrum.gateway.spi;

import java.util.Objects;

/**
 * The exact call an approval covers.
 *
 * @param toolId the callable tool id
 * @param agent the agent making the call
 * @param inputSha256 SHA-256 (hex) of the canonical JSON (RFC 8785) of the call's input
 * @param snapshotId the policy snapshot that decided {@code require_approval}
 */
public record ApprovalRequest(String toolId, String agent, String inputSha256, String snapshotId) {

  public ApprovalRequest {
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(inputSha256, "inputSha256");
    Objects.requireNonNull(snapshotId, "snapshotId");
  }
}
