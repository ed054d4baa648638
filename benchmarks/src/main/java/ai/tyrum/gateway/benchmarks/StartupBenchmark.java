package ai.tyrum.gateway.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up time of the gateway against bare Felix with the same bundles, process start to ready line:
 *
 * <ul>
 *   <li>gateway, first start: {@code bin/gateway --headless} on a fresh data dir (the bundled catalog's
 *       plugins are installed through the verified pipeline) until {@code gateway ready URL};
 *   <li>gateway, second start: the same on the data dir of the first start (the lockfile is checked
 *       against the framework before ready);
 *   <li>bare Felix, fresh and reused cache: the launcher's {@code BareFelix} with {@code bundles/} minus
 *       {@code gateway.*} and no plugins, until {@code bare ready} (every bundle ACTIVE).
 * </ul>
 *
 * Each run measures all four in turn, so that load from elsewhere on the machine spreads over them alike.
 * Prints a markdown table and writes it into the report under the heading "Start-up".
 */
public final class StartupBenchmark {
  static final String COMMAND = "mvn -q install -DskipTests && mvn -q -Pbenchmarks -pl benchmarks compile exec:java";
  private static final long READY_TIMEOUT_SECONDS = 120;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "startup-benchmark-watchdog");
    thread.setDaemon(true);
    return thread;
  });

  private final Path home;
  private final int runs;
  private final int warmups;
  private final Path report;
  private final String command;
  private final String java;
  private final Path work;

  /** @param command the command line to record in the report, when it is not the documented one */
  private StartupBenchmark(Path home, int runs, int warmups, Path report, String command) throws IOException {
    this.home = home.toAbsolutePath().normalize();
    this.runs = runs;
    this.warmups = warmups;
    this.report = report.toAbsolutePath().normalize();
    this.command = command != null ? command : COMMAND
        + (runs != 10 ? " -Dbenchmark.runs=" + runs : "")
        + (warmups != 2 ? " -Dbenchmark.warmups=" + warmups : "");
    String javaHome = System.getenv("JAVA_HOME");
    // The java bin/gateway would pick, so that both sides run on one JVM.
    this.java = javaHome == null || javaHome.isEmpty() ? "java" : Path.of(javaHome, "bin", "java").toString();
    this.work = Files.createTempDirectory("tyrum-startup-");
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of("distribution/target/gateway");
    int runs = 10;
    int warmups = 2;
    Path report = Path.of("docs/benchmarks.md");
    String command = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--home" -> home = Path.of(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--warmups" -> warmups = Integer.parseInt(args[i + 1]);
        case "--report" -> report = Path.of(args[i + 1]);
        case "--command" -> command = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isExecutable(home.resolve("bin/gateway"))) {
      throw new IllegalStateException("no gateway at " + home.toAbsolutePath() + ": build it first with"
          + " `mvn -q install -DskipTests`");
    }
    new StartupBenchmark(home, runs, warmups, report, command).run();
  }

  private void run() throws Exception {
    String loadBefore = loadAverage();
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    List<Long> bareFresh = new ArrayList<>();
    List<Long> bareReused = new ArrayList<>();
    try {
      for (int i = 0; i < warmups + runs; i++) {
        boolean counted = i >= warmups;
        Path data = work.resolve("gateway-" + i);
        Path bare = work.resolve("bare-" + i);
        long a = gateway(data);
        long b = gateway(data);
        long c = bare(bare);
        long d = bare(bare);
        System.out.printf(Locale.ROOT, "%s %2d: gateway first %5d ms, second %5d ms; bare fresh %5d ms,"
            + " reused %5d ms%n", counted ? "run   " : "warmup", counted ? i - warmups + 1 : i + 1, a, b, c, d);
        if (counted) {
          first.add(a);
          second.add(b);
          bareFresh.add(c);
          bareReused.add(d);
        }
      }
    } finally {
      delete(work);
    }
    String table = table(first, second, bareFresh, bareReused);
    System.out.println();
    System.out.println(table);
    writeReport(section(table, loadBefore, loadAverage()));
    System.out.println("written to " + report);
  }

  private long gateway(Path data) throws Exception {
    return timeToLine(List.of(home.resolve("bin/gateway").toString(), "--headless", "--data", data.toString(),
        "--port", String.valueOf(freePort())), "gateway ready ");
  }

  private long bare(Path data) throws Exception {
    return timeToLine(List.of(java, "-cp", home.resolve("lib") + "/*", "ai.tyrum.gateway.launcher.BareFelix",
        "--home", home.toString(), "--data", data.toString(), "--port", String.valueOf(freePort())), "bare ready");
  }

  /** Milliseconds from starting {@code command} until it prints a line starting with {@code ready}. */
  private long timeToLine(List<String> command, String ready) throws Exception {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // A process that hangs silently would block readLine() for ever: end it, and readLine() ends too.
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(process::destroyForcibly, READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<String> output = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(ready)) {
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          stop(process);
          return elapsed;
        }
        output.add(line);
      }
    } finally {
      watchdog.cancel(false);
      process.destroyForcibly();
    }
    throw new IllegalStateException(String.join(" ", command) + " printed no '" + ready + "' line; its output:\n  "
        + String.join("\n  ", output));
  }

  /** SIGTERM, as a service manager stops the gateway: its shutdown hook stops the framework cleanly. */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    // Keep reading what it prints, so that it never blocks on a full pipe while stopping.
    Thread drain = new Thread(() -> {
      try {
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
      } catch (IOException ignored) {
        // the process ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the process did not stop within 30 s of SIGTERM");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private String table(List<Long> first, List<Long> second, List<Long> bareFresh, List<Long> bareReused) {
    StringBuilder table = new StringBuilder()
        .append("| start (process start to ready line) | runs | median ms | p90 ms | min ms |"
            + " gateway / bare (medians) | gateway / bare (minima) |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    row(table, "gateway, first start (fresh data dir, example plugins installed)", first, bareFresh);
    row(table, "gateway, second start (data dir reused)", second, bareReused);
    row(table, "bare Felix, fresh cache (same bundles minus gateway.*, no plugins)", bareFresh, bareFresh);
    row(table, "bare Felix, cache reused", bareReused, bareReused);
    return table.toString();
  }

  private static void row(StringBuilder table, String what, List<Long> values, List<Long> bare) {
    table.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %s | %s |%n", what, values.size(),
        median(values), p90(values), min(values), ratio(median(values), median(bare)),
        ratio(min(values), min(bare))));
  }

  private static long min(List<Long> values) {
    return values.stream().min(Long::compare).orElseThrow();
  }

  private static String ratio(double gateway, double bare) {
    return String.format(Locale.ROOT, "%.2f", gateway / bare);
  }

  static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** Nearest rank: the smallest value that at least 90 % of the values do not exceed. */
  static long p90(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
  }

  private String section(String table, String loadBefore, String loadAfter) throws Exception {
    return "## Start-up\n\n"
        + "Process start to the ready line, " + runs + " runs after " + warmups + " warm-up runs; each run measures"
        + " the four starts in turn. The gateway is `bin/gateway --headless --data DIR --port N` until"
        + " `gateway ready URL` (the marketplace has checked the lockfile against the framework, a first start has"
        + " installed the bundled catalog's plugins through the verified pipeline, and `/healthz` answers 200);"
        + " bare Felix is the launcher's"
        + " `BareFelix` with the same `bundles/` minus `gateway.*` and no plugins, until every bundle is ACTIVE."
        + " Stopped with SIGTERM after each start. Other work on the machine lengthens some runs: the minimum is"
        + " the least disturbed figure, the load averages below say how busy the machine was.\n\n"
        + table + "\n"
        + "- Command: `" + command + "`\n"
        + "- Date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE) + "\n"
        + "- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel() + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
        + "- Java: " + javaVersion() + "\n"
        + "- Load average before / after: " + loadBefore + " / " + loadAfter + "\n";
  }

  /** Replaces the "Start-up" section of the report, keeping every other section. */
  private void writeReport(String section) throws IOException {
    String text = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n\n";
    int start = text.indexOf("## Start-up\n");
    if (start < 0) {
      text = text.endsWith("\n\n") ? text + section : text.stripTrailing() + "\n\n" + section;
    } else {
      int end = text.indexOf("\n## ", start + 1);
      text = text.substring(0, start) + section + (end < 0 ? "" : "\n" + text.substring(end + 1));
    }
    Files.createDirectories(report.getParent());
    Files.writeString(report, text);
  }

  private String javaVersion() throws Exception {
    Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor();
    return "`" + String.join("`; `", version.split("\n")) + "`";
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
