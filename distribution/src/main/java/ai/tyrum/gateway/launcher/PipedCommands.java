package ai.tyrum.gateway.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The console when standard input is not a terminal ({@code printf 'plugin:list\n' | bin/gateway}): each
 * line runs as a Gogo command in one session, which prints what the command prints and then its value, as
 * the interactive console does, without a prompt. Blank lines and lines starting with {@code #} are
 * skipped.
 *
 * <p>A command that reads its standard input ({@code secret:set SCOPE NAME} without a value) reads the
 * next line of the input, which then does not run as a command.
 *
 * <p>The first command that fails ends the run, as in a shell script with {@code set -e}: its error goes to
 * standard error as the console prints it ({@code error CODE: message}), the lines after it do not run,
 * and the exit code is 1. Otherwise the run ends at the end of the input, or when a command ({@code exit})
 * stops the gateway, with exit code 0.
 *
 * <p>Gogo's classes are the framework's, not the launcher's: the session is reached by reflection, through
 * the interfaces the Gogo runtime exports.
 */
final class PipedCommands {
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
  private static final String SESSION = "org.apache.felix.service.command.CommandSession";
  /** {@code Converter.INSPECT}: the level the interactive console formats a command's value at. */
  private static final int INSPECT = 0;

  private final Framework framework;
  private final Object session;
  private final Method execute;
  private final Method format;
  private final Method close;

  private PipedCommands(Framework framework, Object session, Class<?> api) throws NoSuchMethodException {
    this.framework = framework;
    this.session = session;
    this.execute = api.getMethod("execute", CharSequence.class);
    this.format = api.getMethod("format", Object.class, int.class);
    this.close = api.getMethod("close");
  }

  /**
   * Runs the lines of {@code in} on a started gateway's framework.
   *
   * @param profile the Gogo profile to run first, as the console does (the scope the commands are found
   *     in, for one); skipped when missing
   * @return {@link #SUCCEEDED} or {@link #FAILED}
   */
  static int run(Framework framework, Path profile, BufferedReader in, PrintStream out, PrintStream err)
      throws LaunchException {
    PipedCommands commands = open(framework, new NextLines(in), out, err);
    try {
      if (Files.isRegularFile(profile)) {
        commands.execute(Files.readString(profile));
      }
      for (String line; framework.getState() == Bundle.ACTIVE && (line = in.readLine()) != null; ) {
        if (line.isBlank() || line.strip().startsWith("#")) {
          continue;
        }
        try {
          Object value = commands.execute(line);
          if (value != null) {
            out.println(commands.format(value));
          }
          out.flush();
        } catch (CommandFailed e) {
          out.flush();
          err.println(e.getCause());
          err.flush();
          return FAILED;
        }
      }
      return SUCCEEDED;
    } catch (CommandFailed e) {
      throw new LaunchException("the Gogo profile " + profile + " failed: " + e.getCause(), e.getCause());
    } catch (IOException e) {
      throw new LaunchException("cannot read the commands on standard input: " + e.getMessage(), e);
    } finally {
      commands.close();
    }
  }

  private static PipedCommands open(Framework framework, InputStream in, OutputStream out, OutputStream err)
      throws LaunchException {
    BundleContext context = framework.getBundleContext();
    // getAllServiceReferences: the launcher's class path has no Gogo classes to be assignable to
    ServiceReference<?>[] references;
    try {
      references = context.getAllServiceReferences(PROCESSOR, null);
    } catch (org.osgi.framework.InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (references == null) {
      throw new LaunchException("the Gogo shell is not running, so the commands on standard input cannot run");
    }
    Object processor = context.getService(references[0]);
    try {
      Class<?> api = processor.getClass().getClassLoader().loadClass(SESSION);
      Method create = processor.getClass().getMethod("createSession", InputStream.class, OutputStream.class,
          OutputStream.class);
      Object session = create.invoke(processor, in, out, err);
      return new PipedCommands(framework, session, api);
    } catch (ReflectiveOperationException e) {
      throw new LaunchException("cannot open a Gogo session for the commands on standard input: " + e, e);
    }
  }

  private Object execute(String commands) throws CommandFailed {
    try {
      return execute.invoke(session, commands);
    } catch (InvocationTargetException e) {
      throw new CommandFailed(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object format(Object value) throws CommandFailed {
    try {
      return format.invoke(session, value, INSPECT);
    } catch (InvocationTargetException e) {
      throw new CommandFailed(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private void close() {
    if (framework.getState() != Bundle.ACTIVE) {
      return; // the session went with the framework
    }
    try {
      close.invoke(session);
    } catch (ReflectiveOperationException e) {
      // nothing left to release
    }
  }

  /**
   * The commands' standard input: the lines of the launcher's input that follow the command, taken one at
   * a time and only when a command reads, so that the lines it does not read still run as commands.
   */
  private static final class NextLines extends InputStream {
    private final BufferedReader lines;
    private byte[] line = new byte[0];
    private int next;

    NextLines(BufferedReader lines) {
      this.lines = lines;
    }

    @Override
    public int read() throws IOException {
      if (next == line.length) {
        String text = lines.readLine();
        if (text == null) {
          return -1;
        }
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        next = 0;
      }
      return line[next++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      // never past the end of a line: what a command does not ask for stays a command
      int first = read();
      if (first < 0) {
        return -1;
      }
      buffer[offset] = (byte) first;
      int count = 1;
      while (count < length && next < line.length) {
        buffer[offset + count++] = line[next++];
      }
      return count;
    }
  }

  /** A command threw; the cause is what it threw. */
  private static final class CommandFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailed(Throwable cause) {
      super(cause);
    }
  }
}
