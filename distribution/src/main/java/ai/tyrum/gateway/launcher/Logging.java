package ai.tyrum.gateway.launcher;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Where the process logs: standard output in headless mode, where a service manager collects it, and
 * standard error with the console. Bundles log through slf4j (slf4j-simple) or java.util.logging (SPI Fly,
 * JLine); both are pointed at the same stream here.
 */
final class Logging {
  private static final String SLF4J_LOG_FILE = "org.slf4j.simpleLogger.logFile";
  private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";
  /**
   * The MCP SDK's log level. At INFO it logs what an MCP server answers at initialize, its instructions
   * included: text the server chooses, many lines long. The supervisor logs what matters of a server itself.
   */
  static final String MCP_SDK_LEVEL = "org.slf4j.simpleLogger.log.io.modelcontextprotocol";
  /**
   * The log level of the SDK's client session. On {@code notifications/tools/list_changed} (server-everything
   * sends one right after initialize) the SDK lists the tools itself before it tells the supervisor; when a
   * server is stopped while that listing is in flight (a plugin unloaded, the gateway stopping at once), the
   * session dismisses it and logs an ERROR, and WARNings for the answers that come too late: a stop, not a
   * fault. What a server does wrong reaches the supervisor, which logs it itself.
   */
  static final String MCP_CLIENT_SESSION_LEVEL = MCP_SDK_LEVEL + ".spec.McpClientSession";

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger SPIFLY = Logger.getLogger("org.apache.aries.spifly");

  private Logging() {
  }

  static void configure(boolean headless) {
    if (System.getProperty(JUL_FORMAT) == null) {
      System.setProperty(JUL_FORMAT, "[%3$s] %4$s %5$s%6$s%n");
    }
    if (System.getProperty(MCP_SDK_LEVEL) == null) {
      System.setProperty(MCP_SDK_LEVEL, "warn");
    }
    if (System.getProperty(MCP_CLIENT_SESSION_LEVEL) == null) {
      System.setProperty(MCP_CLIENT_SESSION_LEVEL, "off");
    }
    // SPI Fly reports every provider it registers at INFO: noise at every start.
    SPIFLY.setLevel(Level.WARNING);
    if (!headless) {
      return;
    }
    if (System.getProperty(SLF4J_LOG_FILE) == null) {
      System.setProperty(SLF4J_LOG_FILE, "System.out");
    }
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      if (handler instanceof ConsoleHandler) {
        root.removeHandler(handler);
      }
    }
    root.addHandler(new StdoutHandler());
  }

  /** A ConsoleHandler for standard output. */
  private static final class StdoutHandler extends StreamHandler {
    StdoutHandler() {
      super(System.out, new SimpleFormatter());
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }

    @Override
    public synchronized void close() {
      // Flush, but leave System.out open for the rest of the process.
      flush();
    }
  }
}
