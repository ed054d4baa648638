package ai.tyrum.gateway.lib.shell;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/**
 * A shell command's failure, printed as {@code error CODE: message} and then one indented line per
 * detail. The Gogo console prints a failing command's exception with {@code toString()} and scripts read
 * its message, so both are exactly that text, without the exception's class name.
 */
public final class CommandError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;

  public CommandError(String code, String message, List<String> details) {
    this(code, message, details, null);
  }

  private CommandError(String code, String message, List<String> details, Throwable cause) {
    super(render(code, message, details), cause);
    this.code = code;
  }

  /** A gateway refusal, with its code, message and details. */
  public static CommandError of(GatewayException refusal) {
    String message = refusal.getMessage();
    // Some messages end with their details for one-line surfaces (logs, HTTP); here each has a line.
    String repeated = ": " + String.join("; ", refusal.details());
    if (!refusal.details().isEmpty() && message.endsWith(repeated)) {
      message = message.substring(0, message.length() - repeated.length());
    }
    return new CommandError(refusal.code(), message, refusal.details(), refusal);
  }

  /** A failure the command did not expect; the cause stays reachable as the session's {@code $exception}. */
  static CommandError unexpected(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new CommandError("internal_error", message, List.of(), failure);
  }

  /** The stable snake_case code. */
  public String code() {
    return code;
  }

  /** The whole text; what the console prints. */
  @Override
  public String toString() {
    return getMessage();
  }

  static String render(String code, String message, List<String> details) {
    StringBuilder out = new StringBuilder("error ").append(code).append(": ").append(message);
    details.forEach(detail -> out.append("\n  ").append(detail));
    return out.toString();
  }
}
