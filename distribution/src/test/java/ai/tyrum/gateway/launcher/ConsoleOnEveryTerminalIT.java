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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of {@code bin/gateway} on every kind of standard input: a dumb terminal (an editor's shell
 * buffer, some IDE and CI terminals), a real terminal with line editing, and commands piped in.
 */
class ConsoleOnEveryTerminalIT {
  // cells of echo's rows that no column width changes: the widths follow the longest plugin and tool ids
  private static final String PLUGIN_ROW = "ai.tyrum.plugin.echo ";
  private static final String TOOL_ROW = "Returns the text it is given.";
  /** What the default Gogo profile's right prompt, a clock in grey, would print. */
  private static final Pattern CLOCK = Pattern.compile("\u001B\\[90m\\d\\d:\\d\\d:\\d\\d");

  @TempDir
  Path temp;

  @Test
  void enterRunsTheCommandOnADumbTerminal() throws Exception {
    try (PseudoTerminal console = PseudoTerminal.start("dumb", temp.resolve("data"), temp)) {
      console.await(PROMPT);

      assertThat(console.type("plugin:list", PLUGIN_ROW)).contains("VERSION  STATE");
      int failed = console.raw().length();
      console.type("tool:lst", "did you mean tool:list?");
      assertThat(console.raw().substring(failed)).as("an error on a dumb terminal is plain text")
          .contains("error unknown_command").doesNotContain("\u001B");

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

  @Test
  void pipedCommandsRunInOrderAndTheGatewayStopsWithExitCode0AtTheEndOfTheInput() throws Exception {
    Piped run = pipe("plugin:list\n\n# the tools too\ntool:list\n");

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(run.stdout).containsSubsequence("gateway ready http://", PLUGIN_ROW, TOOL_ROW);
    assertThat(run.stdout).doesNotContain(PROMPT);
    assertThat(run.stderr).doesNotContain("ERROR").doesNotContain("Exception").doesNotContain("Unable to create");
  }

  @Test
  void thePipedCommandThatFailsEndsTheRunWithExitCode1AndItsErrorOnStandardError() throws Exception {
    Piped run = pipe("plugin:list\nplugin:info nope\ntool:list\n");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.stdout).contains(PLUGIN_ROW).doesNotContain(TOOL_ROW);
    assertThat(run.stderr).contains("error unknown_plugin: no plugin nope is installed\n")
        .doesNotContain("Exception");
  }

  @Test
  void exitPipedStopsTheGatewayAndTheLinesAfterItDoNotRun() throws Exception {
    Piped run = pipe("exit\nplugin:list\n");

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(run.stdout).contains("stopping the gateway").doesNotContain(PLUGIN_ROW);
  }

  /** Runs {@code bin/gateway} with {@code input} on its standard input, until it ends. */
  private Piped pipe(String input) throws IOException, InterruptedException {
    Path stdout = temp.resolve("stdout");
    Path stderr = temp.resolve("stderr");
    Process gateway = new ProcessBuilder(BinGatewayIT.GATEWAY.toString(), "--data", temp.resolve("data").toString(), "--port", "0")
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      try (OutputStream in = gateway.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!gateway.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("the gateway did not stop at the end of its input; it printed:\n"
            + Files.readString(stdout) + Files.readString(stderr));
      }
      return new Piped(gateway.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } finally {
      gateway.destroyForcibly();
    }
  }

  private record Piped(int exitCode, String stdout, String stderr) {
  }
}
