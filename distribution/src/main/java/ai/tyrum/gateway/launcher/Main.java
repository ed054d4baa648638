package ai.tyrum.gateway.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;

/**
 * {@code bin/gateway}: starts the gateway, announces {@code gateway ready URL} on standard output once
 * {@code /healthz} answers 200, and exits 0 when the framework stops. Exit code 1: the gateway could not
 * start (the message says why and what to do), or a command piped to it failed; 2: bad arguments.
 *
 * <p>Three ways to run: headless (no console); the interactive Gogo console, when standard input is a
 * terminal; and the commands piped to standard input otherwise ({@link PipedCommands}), after which the
 * gateway stops.
 */
public final class Main {
  static final String HOME_PROPERTY = "tyrum.gateway.home";
  private static final String JLINE_DUMB = "org.jline.terminal.dumb";
  private static final String JLINE_PROVIDERS = "org.jline.terminal.providers";
  private static final String JLINE_DUMB_COLOR = "org.jline.terminal.dumb.color";
  private static final String PROFILE = "etc/gosh_profile";

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      System.err.println("gateway: " + e.getMessage());
      System.err.print(CommandLine.USAGE);
      return 2;
    }
    if (commandLine.help()) {
      System.out.print(CommandLine.USAGE);
      return 0;
    }
    Logging.configure(commandLine.headless());
    boolean piped = !commandLine.headless() && !StandardInput.isTerminal();
    boolean console = !commandLine.headless() && !piped;
    if (!console && System.getProperty(JLINE_DUMB) == null) {
      // Gogo's shell bundle builds a terminal even when it opens no console: without one, a dumb one is
      // right, and saying so spares the warning JLine prints when it finds no terminal to take over.
      System.setProperty(JLINE_DUMB, "true");
    }
    if (console && System.getProperty(JLINE_PROVIDERS) == null) {
      // The exec provider drives the terminal with stty; the default order tries the jni provider first,
      // which extracts a native library into the shared temporary folder and loads it from there.
      System.setProperty(JLINE_PROVIDERS, "exec");
    }
    if (console && System.getProperty(JLINE_DUMB_COLOR) == null && !dumbTerminalShowsColour(System.getenv())) {
      // JLine gives a dumb terminal colour whenever TERM is set, TERM=dumb included: errors would then reach
      // an editor's buffer wrapped in escape sequences it prints as they are.
      System.setProperty(JLINE_DUMB_COLOR, "false");
    }
    try {
      Path home = home();
      GatewayOptions options = new GatewayOptions(home, commandLine.data(), commandLine.port(),
          commandLine.bind(), !console, commandLine.auditSync(), commandLine.security());
      Gateway gateway = Gateway.start(options, url -> {
        System.out.println("gateway ready " + url);
        System.out.flush();
      });
      if (piped) {
        try {
          BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
          return PipedCommands.run(gateway.framework(), home.resolve(PROFILE), in, System.out, System.err);
        } finally {
          gateway.stop();
        }
      }
      gateway.awaitStop();
      return 0;
    } catch (LaunchException e) {
      System.err.println("gateway: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** The distribution folder: set by bin/gateway, else the parent of the lib/ folder holding this class. */
  static Path home() throws LaunchException {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null) {
      return Path.of(home);
    }
    CodeSource source = Main.class.getProtectionDomain().getCodeSource();
    try {
      Path lib = source == null ? null : Path.of(source.getLocation().toURI()).getParent();
      if (lib != null && lib.getParent() != null) {
        return lib.getParent();
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // reported below
    }
    throw new LaunchException("cannot tell where the distribution is: set -D" + HOME_PROPERTY + "=DIR");
  }

  /**
   * Whether a dumb terminal in {@code env} renders colour: Emacs' shell buffers (comint) and IDE consoles
   * do; a terminal that says {@code TERM=dumb} otherwise does not.
   */
  static boolean dumbTerminalShowsColour(Map<String, String> env) {
    String emacs = env.get("INSIDE_EMACS");
    return (emacs != null && emacs.contains("comint")) || env.containsKey("IDE_HOME") || !"dumb".equals(env.get("TERM"));
  }
}
