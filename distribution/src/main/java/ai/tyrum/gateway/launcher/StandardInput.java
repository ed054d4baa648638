package ai.tyrum.gateway.launcher;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;

/** Whether the launcher's standard input is a terminal, which Java 17 cannot tell by itself. */
final class StandardInput {
  private StandardInput() {
  }

  /**
   * True when standard input is a terminal: {@code System.console()} says so when standard output is one
   * too; otherwise {@code test -t 0} (POSIX) asks about standard input alone, so that {@code bin/gateway |
   * tee log} still gets the console. False when it cannot tell.
   */
  static boolean isTerminal() {
    if (System.console() != null) {
      return true;
    }
    try {
      Process test = new ProcessBuilder("test", "-t", "0")
          .redirectInput(Redirect.INHERIT)
          .redirectOutput(Redirect.DISCARD)
          .redirectError(Redirect.DISCARD)
          .start();
      return test.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
