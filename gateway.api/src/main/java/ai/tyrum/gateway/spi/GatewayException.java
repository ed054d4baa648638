package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Objects;

/**
 * A refusal or failure the gateway reports to its caller: a stable snake_case code, the HTTP status it
 * maps to, a message that says what to do, and details such as the JSON pointer and keyword of each
 * violation. Every surface (HTTP, shell) renders it the same way, whichever gateway bundle threw it;
 * subclasses name where it arose.
 *
 * @since 1.3
 */
public class GatewayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final transient List<String> details;

  public GatewayException(String code, int status, String message, List<String> details) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.status = status;
    this.details = List.copyOf(details);
  }

  /** The stable snake_case code, such as {@code unknown_plugin} or {@code invalid_config}. */
  public String code() {
    return code;
  }

  /** The HTTP status this refusal is answered with. */
  public int status() {
    return status;
  }

  /** One line per fault: the field, path or pointer at fault and what is wrong with it. */
  public List<String> details() {
    return details;
  }
}
