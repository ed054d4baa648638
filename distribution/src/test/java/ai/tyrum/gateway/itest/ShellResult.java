package ai.tyrum.gateway.itest;

import java.util.Optional;

/**
 * What one Gogo command line did.
 *
 * @param commandLine the line as given
 * @param value what it returned; null when it failed or returned nothing
 * @param formatted the value as Gogo formats it for the console ({@code CommandSession.format}, INSPECT);
 *     empty when there is no value
 * @param out what it printed on the session's standard output
 * @param err what it printed on the session's standard error
 * @param printed both, interleaved as written
 * @param failure the exception it ended with, if any
 */
public record ShellResult(
    String commandLine, Object value, String formatted, String out, String err, String printed, Optional<Throwable> failure) {

  public boolean failed() {
    return failure.isPresent();
  }

  /**
   * What an operator sees at the gateway's console for this line: what the command printed, then its value
   * as Gogo formats it or, for a failure, the exception as the JLine console prints it
   * ({@code Exception.toString()}, which for the gateway's commands is {@code error CODE: message} and
   * the details).
   */
  public String console() {
    StringBuilder console = new StringBuilder(printed);
    String last = failure.map(Throwable::toString).orElse(formatted);
    if (!last.isEmpty()) {
      if (console.length() > 0 && console.charAt(console.length() - 1) != '\n') {
        console.append('\n');
      }
      console.append(last).append('\n');
    }
    return console.toString();
  }

  /** This result, or an AssertionError showing the console and the failure. */
  public ShellResult assertSucceeded() {
    if (failed()) {
      throw new AssertionError("expected `" + commandLine + "` to succeed; the console shows:\n" + console(), failure.get());
    }
    return this;
  }

  /** This result, or an AssertionError showing the console when the line did not fail. */
  public ShellResult assertFailed() {
    if (!failed()) {
      throw new AssertionError("expected `" + commandLine + "` to fail; the console shows:\n" + console());
    }
    return this;
  }
}
