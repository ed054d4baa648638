package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.lib.shell.CommandError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Process;

/**
 * A secret's value typed or piped into {@code secret:set}, so that it stays out of the command line, which
 * the console keeps in its history. At the interactive console the value is read without echo; from a
 * pipe ({@code echo VALUE | secret:set S N}, or the line after the command when commands are piped into
 * {@code bin/gateway}) it is the next line.
 */
final class SecretInput {

  /** The variable the Gogo JLine console holds its line reader in ({@code Shell.VAR_READER}). */
  private static final String READER = ".reader";
  /** JLine's mask that echoes nothing ({@code LineReaderImpl.NULL_MASK}). */
  private static final Character NO_ECHO = '\0';
  /** A value is read up to its limit and a little more, so that an over-long one is refused as such. */
  private static final int MAX_LINE = SecretStore.MAX_VALUE_BYTES * 4 + 2;

  private SecretInput() {}

  /**
   * The value, read as the session's standard input allows.
   *
   * @throws CommandError {@code missing_value} when there is none to read
   */
  static String read(CommandSession session, String prompt) {
    Process process = Process.Utils.current();
    Object reader = session.get(READER);
    if (reader != null && (process == null || process.isTty(0))) {
      return typed(reader, prompt);
    }
    InputStream in = process != null ? process.in() : session.getKeyboard();
    try {
      return line(in);
    } catch (IOException e) {
      throw missing("standard input could not be read: " + e.getMessage());
    }
  }

  /**
   * Reads at the console through its own line reader, reached by reflection so that the core does not
   * depend on JLine: {@code LineReader.readLine(prompt, mask)}.
   */
  private static String typed(Object reader, String prompt) {
    try {
      Method readLine = reader.getClass().getMethod("readLine", String.class, Character.class);
      String value = (String) readLine.invoke(reader, prompt, NO_ECHO);
      if (value == null || value.isEmpty()) {
        throw missing("nothing was typed");
      }
      return value;
    } catch (InvocationTargetException e) {
      // Ctrl-C or Ctrl-D at the prompt
      throw missing("the prompt was left without a value");
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw missing("this console cannot read without echo");
    }
  }

  /** One line, read byte by byte so that nothing after it is taken from whoever reads next. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (line.size() < MAX_LINE) {
        line.write(b);
      }
    }
    String value = line.toString(StandardCharsets.UTF_8);
    if (value.endsWith("\r")) {
      value = value.substring(0, value.length() - 1);
    }
    if (!any || value.isEmpty()) {
      throw missing("standard input held no line");
    }
    return value;
  }

  private static CommandError missing(String why) {
    return new CommandError("missing_value", "no value to set: " + why,
        List.of("give it as VALUE, type it at the console's prompt, or pipe it: echo VALUE | secret:set SCOPE NAME"));
  }
}
