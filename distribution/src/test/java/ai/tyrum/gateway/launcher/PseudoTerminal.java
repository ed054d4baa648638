package ai.tyrum.gateway.launcher;

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
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * {@code bin/gateway} on a pseudo-terminal made by util-linux {@code script} (in Debian's base system), typed
 * at as an operator types: what it prints is read as it comes and compared without colours and cursor moves.
 */
final class PseudoTerminal implements AutoCloseable {
  static final String PROMPT = "g! ";
  /** Keys as a terminal sends them; the cursor keys in the application mode the line editor switches on. */
  static final String ENTER = "\r";
  static final String LEFT = "\u001BOD";
  static final String RIGHT = "\u001BOC";
  static final String UP = "\u001BOA";
  static final String BACKSPACE = "\u007F";
  static final String CTRL_A = "\u0001";
  static final String CTRL_E = "\u0005";
  static final String TAB = "\t";

  private static final Path SCRIPT = Path.of("/usr/bin/script");
  private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z@]|[=>])");
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final OutputStream keyboard;
  private final StringBuffer screen = new StringBuffer();

  private PseudoTerminal(Process process) {
    this.process = process;
    this.keyboard = process.getOutputStream();
    InputStream out = process.getInputStream();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = out.read(buffer)) > 0; ) {
          screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException closed) {
        // the process ended
      }
    }, "pseudo-terminal-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code bin/gateway --data DATA --port 0} on a new pseudo-terminal of type {@code term}, 200
   * columns by 50 rows: JLine loops for ever on a terminal zero columns wide, which is what script's new
   * pty is. Gogo keeps its history in {@code ~/.gogo.history}: the JVM's home is {@code home}.
   */
  static PseudoTerminal start(String term, Path data, Path home) throws IOException {
    assumeTrue(Files.isExecutable(SCRIPT), "util-linux script makes the pseudo-terminal");
    String gateway = "stty cols 200 rows 50; exec " + BinGatewayIT.GATEWAY.toAbsolutePath() + " --data " + data + " --port 0";
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "-qfec", gateway, "/dev/null").redirectErrorStream(true);
    builder.environment().put("TERM", term);
    builder.environment().put("JAVA_OPTS", "-Duser.home=" + home);
    return new PseudoTerminal(builder.start());
  }

  /** All it printed so far, without colours and cursor moves, with line ends as {@code \n}. */
  String printed() {
    return ANSI.matcher(raw()).replaceAll("").replace("\r", "");
  }

  /** All it printed so far, as it printed it. */
  String raw() {
    return screen.toString();
  }

  /**
   * Types a line and Enter, and returns what the console printed for it: up to the prompt that follows
   * {@code answer}.
   */
  String type(String line, String answer) throws Exception {
    int start = printed().length();
    press(line + ENTER);
    return awaitAnswer(start, answer);
  }

  /** What was printed from {@code start} up to the prompt that follows {@code answer}, once it is there. */
  String awaitAnswer(int start, String answer) throws InterruptedException {
    await(() -> printed().indexOf(answer, start) >= 0);
    await(() -> printed().indexOf(PROMPT, printed().indexOf(answer, start)) >= 0);
    return printed().substring(start);
  }

  /** Sends keys as they are, Enter included only when given. */
  void press(String keys) throws IOException {
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  void await(String text) throws InterruptedException {
    await(() -> printed().contains(text));
  }

  void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the console did not answer in time; it printed:\n" + printed());
      }
      Thread.sleep(50);
    }
  }

  /** Waits until the gateway has ended (within the deadline), and returns whether it did. */
  boolean awaitExit() throws InterruptedException {
    return process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
