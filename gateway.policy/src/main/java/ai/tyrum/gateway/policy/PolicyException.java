package ai.tyrum.gateway.policy;

import java.util.List;

/** A policy file or snapshot cannot be used; {@link #code()} is stable snake_case, details name each fault. */
public final class PolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final transient List<String> details;

  public PolicyException(String code, String message, List<String> details) {
    super(message + (details.isEmpty() ? "" : ": " + String.join("; ", details)));
    this.code = code;
    this.details = List.copyOf(details);
  }

  public String code() {
    return code;
  }

  public List<String> details() {
    return details;
  }
}
