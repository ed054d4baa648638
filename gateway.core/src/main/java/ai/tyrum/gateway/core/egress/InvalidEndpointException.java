package ai.tyrum.gateway.core.egress;

/**
 * A {@code host:port} text is not an egress endpoint; {@link #code()} is stable snake_case and the message
 * says what is wrong and how to write it.
 */
public final class InvalidEndpointException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String code;

  InvalidEndpointException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
