package ai.tyrum.gateway.launcher;

/** The gateway could not start; the message is written for the operator and says what to do. */
public final class LaunchException extends Exception {
  private static final long serialVersionUID = 1L;

  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
