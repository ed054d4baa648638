package ai.tyrum.gateway.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The arguments of {@code bin/gateway}. */
record CommandLine(
    boolean help, boolean headless, Path data, int port, String bind, String auditSync, SecurityPosture.Requested security) {
  static final String USAGE = """
      Usage: gateway [--headless] [--data DIR] [--port N] [--bind ADDR] [--audit-sync MODE] [--security MODE]

        --headless    service mode: no console, logs to standard output
        --data DIR    the gateway's state (default ./data); created with mode 700 when missing
        --port N      the HTTP API's port (default 8788; 0 picks a free port)
        --bind ADDR   the address the HTTP API listens on (default 127.0.0.1)
        --audit-sync MODE
                      when audit records reach the disk: interval (default) forces them within
                      10 ms, so a power cut can lose that window and a gateway crash loses nothing;
                      always forces each before its call returns (slower)
        --security MODE
                      hardened mode, the Felix security manager that confines each plugin to its
                      grants: auto (default) turns it on where Java allows it (17 to 23) and warns
                      where not; on refuses to start without it; off
        --help        show this help

      Without --headless the Felix Gogo console runs on this terminal; `exit` or Ctrl-D leaves it.
      When standard input is not a terminal, each of its lines runs as a console command, and the
      gateway stops at its end (exit code 1 at the first command that fails, which ends the run):
        printf 'plugin:list\n' | gateway --data DIR
      Environment: JAVA_HOME picks the Java runtime, JAVA_OPTS adds JVM options.
      """;

  /** A command line the launcher cannot run; exit code 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static CommandLine parse(String... args) throws UsageException {
    boolean help = false;
    boolean headless = false;
    Path data = Path.of("data");
    int port = GatewayOptions.DEFAULT_PORT;
    String bind = GatewayOptions.DEFAULT_BIND;
    String auditSync = GatewayOptions.DEFAULT_AUDIT_SYNC;
    SecurityPosture.Requested security = SecurityPosture.Requested.auto;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (value != null && (name.equals("--help") || name.equals("--headless"))) {
        throw new UsageException(name + " takes no value");
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--headless" -> headless = true;
        case "--data" -> data = path(value != null ? value : next(args, ++i, "--data", "a directory"));
        case "--port" -> port = port(value != null ? value : next(args, ++i, "--port", "a port number"));
        case "--bind" -> bind = bind(value != null ? value : next(args, ++i, "--bind", "an address"));
        case "--audit-sync" -> auditSync = auditSync(value != null ? value : next(args, ++i, "--audit-sync", "a mode"));
        case "--security" -> security = security(value != null ? value : next(args, ++i, "--security", "a mode"));
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown option '" + arg + "'"
            : "unexpected argument '" + arg + "'");
      }
    }
    return new CommandLine(help, headless, data, port, bind, auditSync, security);
  }

  private static String next(String[] args, int i, String option, String what) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs " + what);
    }
    return args[i];
  }

  private static Path path(String value) throws UsageException {
    try {
      if (value.isEmpty()) {
        throw new InvalidPathException(value, "empty");
      }
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException("--data needs a directory, not '" + value + "'");
    }
  }

  private static int port(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw new UsageException("--port needs a number from 0 to 65535, not '" + value + "'");
  }

  private static String auditSync(String value) throws UsageException {
    if (!GatewayOptions.AUDIT_SYNC_MODES.contains(value)) {
      throw new UsageException("--audit-sync needs always or interval, not '" + value + "'");
    }
    return value;
  }

  private static SecurityPosture.Requested security(String value) throws UsageException {
    try {
      return SecurityPosture.Requested.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--security needs auto, on or off, not '" + value + "'");
    }
  }

  private static String bind(String value) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException("--bind needs an address, such as 127.0.0.1");
    }
    return value;
  }
}
