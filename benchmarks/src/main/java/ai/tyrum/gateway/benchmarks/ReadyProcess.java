package ai.tyrum.gateway.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process timed from its start to the line that says it is ready, then stopped with SIGTERM as a
 * service manager stops it. A process that prints no ready line in time is killed (a watchdog), and so is
 * every process still running when the benchmark's JVM exits, however it exits.
 */
public final class ReadyProcess implements AutoCloseable {
  private static final long STOP_TIMEOUT_SECONDS = 30;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "benchmark-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "benchmark-children"));
  }

  private final Process process;
  private final long readyMillis;
  private final List<String> output;

  private ReadyProcess(Process process, long readyMillis, List<String> output) {
    this.process = process;
    this.readyMillis = readyMillis;
    this.output = output;
  }

  /**
   * Starts {@code command} and returns once it prints a line starting with {@code ready}; what it prints
   * afterwards is read and dropped, so that it never blocks on a full pipe.
   *
   * @throws IllegalStateException with the process's output when it ends or times out before that line
   */
  public static ReadyProcess start(List<String> command, String ready, Duration timeout) throws IOException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    RUNNING.add(process);
    // A process that hangs silently would block readLine() for ever: end it, and readLine() ends too.
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(process::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<String> output = new ArrayList<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(ready)) {
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          output.add(line);
          drain(out);
          return new ReadyProcess(process, elapsed, output);
        }
        output.add(line);
      }
    } catch (IOException | RuntimeException e) {
      kill(process);
      throw e;
    } finally {
      watchdog.cancel(false);
    }
    kill(process);
    throw new IllegalStateException(String.join(" ", command) + " printed no '" + ready + "' line (it ended, or was"
        + " killed after " + timeout.toSeconds() + " s); its output:\n  " + String.join("\n  ", output));
  }

  /** Milliseconds from the process start to its ready line. */
  public long readyMillis() {
    return readyMillis;
  }

  /** What the process printed up to its ready line, that line included. */
  public List<String> output() {
    return output;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * SIGTERM, as a service manager stops the gateway: its shutdown hook stops the framework cleanly.
   *
   * @return milliseconds from the signal until the process has exited
   * @throws IllegalStateException when it has not exited 30 s after the signal (it is then killed)
   */
  public long stop() throws InterruptedException {
    long start = System.nanoTime();
    process.destroy();
    boolean exited = process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    kill(process);
    if (!exited) {
      throw new IllegalStateException("the process did not stop within " + STOP_TIMEOUT_SECONDS + " s of SIGTERM");
    }
    return elapsed;
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    kill(process);
  }

  /** A free port of the loopback interface. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void kill(Process process) {
    process.destroyForcibly();
    RUNNING.remove(process);
  }

  private static void drain(BufferedReader out) {
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // dropped
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "benchmark-drain");
    drain.setDaemon(true);
    drain.start();
  }
}
