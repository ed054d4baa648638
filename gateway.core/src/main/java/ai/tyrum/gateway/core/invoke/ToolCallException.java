package ai.tyrum.gateway.core.invoke;

import java.util.List;

/**
 * A tool call that did not succeed, with the stable code, the HTTP status it maps to, and details
 * (such as the JSON pointer and keyword of each contract violation).
 */
public class ToolCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final transient List<String> details;

  public ToolCallException(String code, int status, String message, List<String> details) {
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
