package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Types at the interactive console of {@code bin/gateway}, as an operator does, in a pseudo-terminal made
 * by util-linux {@code script}: what Gogo's console prints for a failing command, a typo, a rejected
 * policy file, and {@code exit}.
 */
class ConsoleIT {

  private static final Path SCRIPT = Path.of("/usr/bin/script");
  private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[=>])");
  private static final String PROMPT = "g! ";

  @TempDir
  Path temp;

  @Test
  void failuresReadErrorCodeMessageATypoGetsASuggestionAPolicyWarningComesOnceAndExitStops() throws Exception {
    assumeTrue(Files.isExecutable(SCRIPT), "util-linux script makes the pseudo-terminal");
    Path data = temp.resolve("data");
    // JLine loops for ever on a terminal zero columns wide, which is what script's new pty is: give it a size.
    String gateway = "stty cols 200 rows 50; exec " + BinGatewayIT.GATEWAY.toAbsolutePath() + " --data " + data + " --port 0";
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "-qfec", gateway, "/dev/null").redirectErrorStream(true);
    builder.environment().put("TERM", "xterm"); // with a dumb terminal, Enter runs nothing (see OSGI-NOTES)
    Process process = builder.start();
    Console console = new Console(process);
    try {
      console.await(PROMPT);

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
      Thread.sleep(2000);
      assertThat(console.printed().split("WARNING policy:", -1)).as(console.printed()).hasSize(2);

      console.send("exit");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the gateway stopped after exit: %s", console.printed()).isTrue();
      assertThat(console.printed()).contains("exit\nstopping the gateway\n");
      assertThat(process.exitValue()).isZero();
      assertThat(console.printed()).doesNotContain("FAILED TO STOP");
    } finally {
      process.destroyForcibly();
    }
  }

  /** The pseudo-terminal's output, read as it comes, without colours and cursor moves. */
  private static final class Console {
    private final StringBuffer out = new StringBuffer();
    private final OutputStream keyboard;

    Console(Process process) {
      this.keyboard = process.getOutputStream();
      InputStream screen = process.getInputStream();
      Thread reader = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try {
          for (int n; (n = screen.read(buffer)) > 0; ) {
            out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          }
        } catch (IOException closed) {
          // the process ended
        }
      }, "console-reader");
      reader.setDaemon(true);
      reader.start();
    }

    String printed() {
      return ANSI.matcher(out.toString()).replaceAll("").replace("\r", "");
    }

    /**
     * Types a line (Enter is CR at a terminal) and returns what the console printed for it: up to the
     * prompt that follows {@code answer}.
     */
    String type(String line, String answer) throws Exception {
      int start = printed().length();
      send(line);
      await(() -> printed().indexOf(answer, start) >= 0);
      await(() -> printed().indexOf(PROMPT, printed().indexOf(answer, start)) >= 0);
      return printed().substring(start);
    }

    void send(String line) throws IOException {
      keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    void await(String text) throws InterruptedException {
      await(() -> printed().contains(text));
    }

    private void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (!condition.getAsBoolean()) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("the console did not answer in time; it printed:\n" + printed());
        }
        Thread.sleep(50);
      }
    }
  }
}
