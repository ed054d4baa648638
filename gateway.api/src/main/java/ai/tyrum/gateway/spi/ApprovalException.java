package ai.tyrum.gateway.spi;

import java.util.List;

/**
 * An approval does not let a call run, or cannot be decided; {@link #code()} is a stable snake_case
 * code such as {@code approval_denied} or {@code approval_expired}.
 *
 * @since 1.1
 */
public class ApprovalException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public ApprovalException(String code, String message) {
    super(code, status(code), message, List.of());
  }

  /** The HTTP status of an approval failure code. */
  public static int status(String code) {
    return switch (code) {
      case "unknown_approval" -> 404;
      case "approval_expired" -> 410;
      case "approval_denied" -> 403;
      default -> 409; // approval_used, approval_mismatch, approval_pending, approval_already_decided
    };
  }
}
