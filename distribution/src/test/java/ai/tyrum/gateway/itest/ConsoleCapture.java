package ai.tyrum.gateway.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies what the process prints on standard output and standard error into a buffer while still
 * printing it, from {@link #start()} until {@link #close()}.
 *
 * <p>Started before the framework: Gogo's ThreadIO wraps the {@code System.out} it finds at its start
 * and puts it back when it stops, so everything printed outside a shell session (the bootstrap token line,
 * Felix's own log, slf4j-simple) passes through here. Java logging's console handler keeps the stream it
 * found when logging was first configured and is not captured.
 */
final class ConsoleCapture implements AutoCloseable {

  private final PrintStream out;
  private final PrintStream err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private ConsoleCapture() {
    out = System.out;
    err = System.err;
  }

  static ConsoleCapture start() {
    ConsoleCapture capture = new ConsoleCapture();
    System.setOut(new PrintStream(capture.new Tee(capture.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capture.new Tee(capture.err), true, StandardCharsets.UTF_8));
    return capture;
  }

  /** Everything printed so far, both streams interleaved as they were written. */
  String text() {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  List<String> lines() {
    return text().lines().toList();
  }

  /** Puts back the streams found at {@link #start()}. */
  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(out);
    System.setErr(err);
  }

  private final class Tee extends OutputStream {
    private final OutputStream original;

    Tee(OutputStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) throws IOException {
      original.write(b);
      synchronized (buffer) {
        buffer.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      original.write(bytes, off, len);
      synchronized (buffer) {
        buffer.write(bytes, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      original.flush();
    }
  }
}
