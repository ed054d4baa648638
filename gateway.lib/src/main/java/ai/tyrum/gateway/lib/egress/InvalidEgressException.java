package ai.tyrum.gateway.lib.egress;

/**
 * A text is not an egress endpoint ({@code host:port}) or not a {@code network.egress} target;
 * {@link #code()} is stable snake_case and the message says what is wrong and how to write it.
 */
public final class InvalidEgressException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String code;

  InvalidEgressException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
