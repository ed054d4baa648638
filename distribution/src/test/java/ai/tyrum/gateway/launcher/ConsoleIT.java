package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Types at the interactive console of {@code bin/gateway}, as an operator does, in a pseudo-terminal:
 * what Gogo's console prints for a failing command, a typo, a rejected policy file, and {@code exit}.
 */
class ConsoleIT {

  @TempDir
  Path temp;

  @Test
  void failuresReadErrorCodeMessageATypoGetsASuggestionAPolicyWarningComesOnceAndExitStops() throws Exception {
    Path data = temp.resolve("data");
    try (PseudoTerminal console = PseudoTerminal.start("xterm", data, temp)) {
      console.await(PseudoTerminal.PROMPT);

      String typo = console.type("tool:lst", "error unknown_command");
      assertThat(typo).contains("error unknown_command: tool:lst is not a command\n  did you mean tool:list?");

      String refused = console.type("plugin:info nope", "error unknown_plugin");
      assertThat(refused).contains("error unknown_plugin: no plugin nope is installed\n  plugin:list shows the installed plugins");

      String missing = console.type("tool:call plugin.echo.echo", "error invalid_arguments");
      assertThat(missing).contains("error invalid_arguments: missing INPUT\n  usage: tool:call");

      String badJson = console.type("tool:call plugin.echo.echo nojson", "error invalid_json");
      assertThat(badJson).contains("error invalid_json: the input is not JSON");
      assertThat(typo + refused + missing + badJson).doesNotContain("java.").doesNotContain("Exception").doesNotContain("Cannot coerce");

      // an editor saves in two writes; the watcher wakes twice
      Path policy = data.resolve("policy/deployment.yml");
      Files.writeString(policy, "tools:\n  deny: \"x\"\n");
      Thread.sleep(400);
      Files.writeString(policy, "tools:\n  deny: \"x\"\n");
      console.await("WARNING policy:");
      Thread.sleep(2000);
      assertThat(console.printed().split("WARNING policy:", -1)).as(console.printed()).hasSize(2);

      console.press("exit" + PseudoTerminal.ENTER);
      assertThat(console.awaitExit()).as("the gateway stopped after exit: %s", console.printed()).isTrue();
      assertThat(console.printed()).contains("exit\nstopping the gateway\n");
      assertThat(console.exitValue()).isZero();
      assertThat(console.printed()).doesNotContain("FAILED TO STOP");
    }
  }
}
