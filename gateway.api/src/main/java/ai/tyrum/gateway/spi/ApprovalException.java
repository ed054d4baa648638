package ai.tyrum.gateway.spi;

import java.util.Objects;

/**
 * An approval does not let a call run, or cannot be decided; {@link #code()} is a stable snake_case
 * code such as {@code approval_denied} or {@code approval_expired}.
 *
 * @since 1.1
 */
public class ApprovalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;

  public ApprovalException(String code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public String code() {
    return code;
  }
}
