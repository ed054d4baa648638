package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At the interactive console of {@code bin/gateway} (a pseudo-terminal made by util-linux {@code script}),
 * an operator stops a bundle of the gateway by the id {@code lb} printed: the warning comes with the
 * command's output, before the next prompt, and {@code /healthz} answers 503 naming the bundle until
 * {@code felix:start} brings it back; with SCR uninstalled, it still answers, and {@code stop 0} stops the
 * gateway for the restart that brings SCR back.
 */
class RunSetConsoleIT {

  private static final Path SCRIPT = Path.of("/usr/bin/script");
  private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[=>])");
  private static final Pattern READY = Pattern.compile("gateway ready (http://\\S+)");
  private static final Pattern POLICY_ID = Pattern.compile("(\\d+)\\|Active\\s*\\|\\s*\\d+\\|gateway\\.policy ");
  private static final Pattern SCR_ID = Pattern.compile("(\\d+)\\|Active\\s*\\|\\s*\\d+\\|org\\.apache\\.felix\\.scr ");
  private static final String PROMPT = "g! ";

  @TempDir
  Path temp;

  @Test
  void stoppingAGatewayBundleWarnsBeforeTheNextPromptAndHealthzNamesItUntilItStarts() throws Exception {
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
      Matcher ready = READY.matcher(console.printed());
      assertThat(ready.find()).as(console.printed()).isTrue();
      URI healthz = URI.create(ready.group(1)).resolve("/healthz");
      Matcher policy = POLICY_ID.matcher(console.type("lb -s gateway.policy", "gateway.policy"));
      assertThat(policy.find()).as(console.printed()).isTrue();
      String id = policy.group(1);

      String stopped = console.type("felix:stop " + id, "was stopped");

      String warning = "warning: gateway bundle gateway.policy (" + id + ") was stopped: the gateway cannot serve fully"
          + " until it runs again; run felix:start " + id + "\n";
      assertThat(stopped).contains(warning);
      assertThat(stopped.indexOf(PROMPT, stopped.indexOf(warning))).as("a prompt follows the warning").isPositive();
      HttpResponse<String> degraded = get(healthz);
      assertThat(degraded.statusCode()).isEqualTo(503);
      assertThat(degraded.body()).contains("\"code\":\"run_set_degraded\"").contains("gateway.policy (bundle " + id + ")");

      console.type("felix:start " + id, PROMPT);
      assertThat(get(healthz).statusCode()).isEqualTo(200);

      // what the README's walkthrough once had operators do by mistake; exit goes with SCR, stop 0 stays
      Matcher scr = SCR_ID.matcher(console.type("lb -s org.apache.felix.scr", "org.apache.felix.scr"));
      assertThat(scr.find()).as(console.printed()).isTrue();
      String uninstalled = console.type("felix:uninstall " + scr.group(1), "was uninstalled");
      assertThat(uninstalled).contains("warning: gateway bundle org.apache.felix.scr (" + scr.group(1) + ") was uninstalled:"
          + " felix:start cannot bring it back, the gateway cannot serve fully until it restarts; stop it (exit, or stop 0)"
          + " and start bin/gateway again\n");
      HttpResponse<String> gone = get(healthz);
      assertThat(gone.statusCode()).isEqualTo(503);
      assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(gone.body()).contains("org.apache.felix.scr (bundle " + scr.group(1) + ") is UNINSTALLED");
      console.send("stop 0");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the gateway stopped after stop 0: %s", console.printed()).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
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

    /** Types a line (Enter is CR at a terminal) and returns what the console printed for it, up to the next prompt. */
    String type(String line, String answer) throws Exception {
      int start = printed().length();
      send(line);
      // past the echo of the line typed, which may contain the answer
      await(() -> printed().indexOf(answer, start + line.length()) >= 0);
      await(() -> printed().indexOf(PROMPT, printed().indexOf(answer, start + line.length())) >= 0);
      return printed().substring(start);
    }

    void send(String line) throws IOException {
      keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    void await(String text) throws InterruptedException {
      await(() -> printed().contains(text));
    }

    private void await(BooleanSupplier condition) throws InterruptedException {
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
