package ai.tyrum.gateway.core.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Copies what a server prints on stderr into the gateway's log: one log line per line, prefixed with the
 * server, with the secret values it was started with replaced by {@value #REDACTED}, and cut at
 * {@value #MAX_CHARS} characters so that a server cannot flood the log with one line.
 */
final class StderrLog {

  static final int MAX_CHARS = 1000;
  static final String REDACTED = "[REDACTED]";
  private static final System.Logger LOG = System.getLogger("ai.tyrum.gateway.core.mcp.server");

  private StderrLog() {}

  /** Starts a daemon thread that logs {@code stderr} until it ends. */
  static void follow(InputStream stderr, String server, Set<String> secrets) {
    Thread thread = McpSupervisor.unattached(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          LOG.log(System.Logger.Level.INFO, line(server, line, secrets));
        }
      } catch (IOException e) {
        // the process has gone: nothing more to copy
      }
    }, "tyrum-mcp-" + server.replace('/', '-') + "-stderr");
    thread.start();
  }

  /** The log line for {@code line}: prefixed, redacted, bounded. */
  static String line(String server, String line, Set<String> secrets) {
    String text = line;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        text = text.replace(secret, REDACTED);
      }
    }
    return "mcp " + server + ": " + bounded(text);
  }

  /** {@code text} cut at {@value #MAX_CHARS} characters, with a marker when it was. */
  static String bounded(String text) {
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "... [" + (text.length() - MAX_CHARS) + " more characters]";
  }
}
