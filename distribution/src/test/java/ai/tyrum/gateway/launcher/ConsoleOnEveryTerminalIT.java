package ai.tyrum.gateway.launcher;

import static ai.tyrum.gateway.launcher.PseudoTerminal.BACKSPACE;
import static ai.tyrum.gateway.launcher.PseudoTerminal.CTRL_A;
import static ai.tyrum.gateway.launcher.PseudoTerminal.CTRL_E;
import static ai.tyrum.gateway.launcher.PseudoTerminal.ENTER;
import static ai.tyrum.gateway.launcher.PseudoTerminal.LEFT;
import static ai.tyrum.gateway.launcher.PseudoTerminal.PROMPT;
import static ai.tyrum.gateway.launcher.PseudoTerminal.RIGHT;
import static ai.tyrum.gateway.launcher.PseudoTerminal.TAB;
import static ai.tyrum.gateway.launcher.PseudoTerminal.UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of {@code bin/gateway} on every kind of terminal: a dumb one (an editor's shell buffer, some
 * IDE and CI terminals) and a real one, with line editing.
 */
class ConsoleOnEveryTerminalIT {
  private static final String PLUGIN_ROW = "echo   1.0.0    loaded";
  private static final String TOOL_ROW = "plugin.echo.echo         read_only";
  /** What the default Gogo profile's right prompt, a clock in grey, would print. */
  private static final Pattern CLOCK = Pattern.compile("\u001B\\[90m\\d\\d:\\d\\d:\\d\\d");

  @TempDir
  Path temp;

  @Test
  void enterRunsTheCommandOnADumbTerminal() throws Exception {
    try (PseudoTerminal console = PseudoTerminal.start("dumb", temp.resolve("data"), temp)) {
      console.await(PROMPT);

      assertThat(console.type("plugin:list", PLUGIN_ROW)).contains("ID     VERSION  STATE");

      console.press("exit" + ENTER);
      assertThat(console.awaitExit()).as("the gateway stopped after exit: %s", console.printed()).isTrue();
      assertThat(console.exitValue()).isZero();
      assertThat(console.printed()).doesNotContain("Unable to create a system terminal");
      assertThat(console.raw()).doesNotContainPattern(CLOCK);
    }
  }

  @Test
  void aRealTerminalEditsLinesRecallsHistoryAndCompletesCommandNames() throws Exception {
    try (PseudoTerminal console = PseudoTerminal.start("xterm-256color", temp.resolve("data"), temp)) {
      console.await(PROMPT);

      // plugin:lsit, mended: two to the left, rub out the s, one to the right, s
      int start = console.printed().length();
      console.press("plugin:lsit");
      console.await(() -> console.printed().indexOf("plugin:lsit", start) >= 0);
      console.press(LEFT + LEFT + BACKSPACE + RIGHT + "s" + ENTER);
      assertThat(console.awaitAnswer(start, PLUGIN_ROW)).doesNotContain("unknown_command");

      // the previous line again
      int again = console.printed().length();
      console.press(UP + ENTER);
      assertThat(console.awaitAnswer(again, PLUGIN_ROW)).doesNotContain("unknown_command");

      // Ctrl-A to the start of the line, Ctrl-E to its end
      int ends = console.printed().length();
      console.press("list");
      console.await(() -> console.printed().indexOf("list", ends) >= 0);
      console.press(CTRL_A + "plugin:" + CTRL_E + " --json" + ENTER);
      assertThat(console.awaitAnswer(ends, "\"bundle_id\"")).doesNotContain("unknown_command");

      // Tab completes a command name
      int completed = console.printed().length();
      console.press("tool:lis" + TAB);
      console.await(() -> console.printed().indexOf("tool:list", completed) >= 0);
      console.press(ENTER);
      assertThat(console.awaitAnswer(completed, TOOL_ROW)).doesNotContain("unknown_command");

      console.press("exit" + ENTER);
      assertThat(console.awaitExit()).as("the gateway stopped after exit: %s", console.printed()).isTrue();
      assertThat(console.exitValue()).isZero();
      assertThat(console.printed()).doesNotContain("Unable to create a system terminal");
      assertThat(console.raw()).doesNotContainPattern(CLOCK);
    }
  }
}
