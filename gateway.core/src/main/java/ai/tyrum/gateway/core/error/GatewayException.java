package ai.tyrum.gateway.core.error;

import java.util.List;

/**
 * A refusal or failure the gateway reports to its caller: a stable snake_case code, the HTTP status it
 * maps to, a message that says what to do, and details such as the JSON pointer and keyword of each
 * violation. Every surface (HTTP, shell) renders it the same way; subclasses name where it arose.
 */
public class GatewayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final transient List<String> details;

  public GatewayException(String code, int status, String message, List<String> details) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = List.copyOf(details);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public List<String> details() {
    return details;
  }
}
