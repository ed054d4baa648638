package ai.tyrum.gateway.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs Gogo command lines through the framework's {@code CommandProcessor} service, each in a session of
 * its own, as the console would, and returns what the line returned and printed.
 *
 * <p>Gogo's classes stay inside the framework (the test class path does not carry them, so the system
 * bundle sees the service whatever its class), hence the calls by reflection on the service's own
 * interfaces.
 */
public final class GogoShell {

  private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
  /** {@code Converter.INSPECT}: the level the JLine console formats a result at. */
  private static final int INSPECT = 0;

  private final BundleContext context;

  GogoShell(BundleContext context) {
    this.context = context;
  }

  /**
   * Runs {@code commandLine} in a new session with an empty standard input.
   *
   * @return the result, a failure included; never throws for what the command did
   */
  public ShellResult run(String commandLine) {
    return run(commandLine, "");
  }

  /**
   * Runs {@code commandLine} in a new session whose standard input holds {@code input}, as a command
   * piped into the console reads it.
   *
   * @return the result, a failure included; never throws for what the command did
   */
  public ShellResult run(String commandLine, String input) {
    ServiceReference<?> reference = context.getServiceReference(PROCESSOR);
    if (reference == null) {
      throw new IllegalStateException("no " + PROCESSOR + " service: is org.apache.felix.gogo.runtime active?");
    }
    Object processor = context.getService(reference);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      Class<?> api = processor.getClass().getClassLoader().loadClass(PROCESSOR);
      Method createSession = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
      Class<?> sessionType = createSession.getReturnType();
      Object session = createSession.invoke(processor, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), stream(out, printed), stream(err, printed));
      try {
        Object value = null;
        Throwable failure = null;
        try {
          value = sessionType.getMethod("execute", CharSequence.class).invoke(session, commandLine);
        } catch (InvocationTargetException e) {
          failure = e.getCause();
        }
        String formatted = value == null ? ""
            : String.valueOf(sessionType.getMethod("format", Object.class, int.class).invoke(session, value, INSPECT));
        synchronized (printed) {
          return new ShellResult(commandLine, value, formatted, text(out), text(err), text(printed), Optional.ofNullable(failure));
        }
      } finally {
        sessionType.getMethod("close").invoke(session);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot run `" + commandLine + "` through " + PROCESSOR, e);
    } finally {
      context.ungetService(reference);
    }
  }

  private static PrintStream stream(ByteArrayOutputStream own, ByteArrayOutputStream both) {
    return new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (both) {
          own.write(b);
          both.write(b);
        }
      }

      @Override
      public void write(byte[] bytes, int off, int len) {
        synchronized (both) {
          own.write(bytes, off, len);
          both.write(bytes, off, len);
        }
      }
    }, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
