package ai.tyrum.gateway.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Start-up time of the gateway against bare Felix with the same bundles, process start to ready line:
 *
 * <ul>
 *   <li>gateway, first start: {@code bin/gateway --headless --security off} on a fresh data dir (the bundled catalog's
 *       plugins are installed through the verified pipeline) until {@code gateway ready URL};
 *   <li>gateway, second start: the same on the data dir of the first start (the lockfile is checked
 *       against the framework before ready);
 *   <li>bare Felix, fresh and reused cache: the launcher's {@code BareFelix} with the same bundles
 *       ({@code bundles/} minus the gateway's own, gateway.api and the example plugins), until {@code bare
 *       ready} (every bundle ACTIVE);
 *   <li>the floor, fresh and reused cache: {@code BareFelix --floor}, bare Felix that then does what any
 *       gateway start must do before it is ready, the first time in the JVM (see {@code LibraryFloor});
 *   <li>hardened mode, first and second start: the gateway with {@code --security on} (the Felix security
 *       manager and a permission table per plugin), against bare Felix's fresh and reused cache.
 * </ul>
 *
 * Each run measures all eight in turn, so that load from elsewhere on the machine spreads over them alike.
 * Prints a markdown table and writes it into the report under the heading "Start-up".
 */
public final class StartupBenchmark {
  static final String COMMAND = "mvn -q install -DskipTests && mvn -q -Pbenchmarks -pl benchmarks compile exec:java";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

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
    this.java = Machine.java();
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
    String loadBefore = Machine.loadAverage();
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    List<Long> bareFresh = new ArrayList<>();
    List<Long> bareReused = new ArrayList<>();
    List<Long> floorFresh = new ArrayList<>();
    List<Long> floorReused = new ArrayList<>();
    List<Long> hardenedFirst = new ArrayList<>();
    List<Long> hardenedSecond = new ArrayList<>();
    try {
      for (int i = 0; i < warmups + runs; i++) {
        boolean counted = i >= warmups;
        Path data = work.resolve("gateway-" + i);
        Path bare = work.resolve("bare-" + i);
        Path floor = work.resolve("floor-" + i);
        Path hardened = work.resolve("hardened-" + i);
        long a = gateway(data, "off");
        long b = gateway(data, "off");
        long c = bare(bare, false);
        long d = bare(bare, false);
        long e = bare(floor, true);
        long f = bare(floor, true);
        long g = gateway(hardened, "on");
        long h = gateway(hardened, "on");
        System.out.printf(Locale.ROOT, "%s %2d: gateway first %5d ms, second %5d ms; bare fresh %5d ms,"
            + " reused %5d ms; floor fresh %5d ms, reused %5d ms; hardened first %5d ms, second %5d ms%n",
            counted ? "run   " : "warmup", counted ? i - warmups + 1 : i + 1, a, b, c, d, e, f, g, h);
        if (counted) {
          first.add(a);
          second.add(b);
          bareFresh.add(c);
          bareReused.add(d);
          floorFresh.add(e);
          floorReused.add(f);
          hardenedFirst.add(g);
          hardenedSecond.add(h);
        }
      }
    } finally {
      Directories.delete(work);
    }
    String table = table(first, second, bareFresh, bareReused, floorFresh, floorReused, hardenedFirst, hardenedSecond);
    System.out.println();
    System.out.println(table);
    Report.write(report, section(table, loadBefore, Machine.loadAverage()), Optional.empty());
    System.out.println("written to " + report);
  }

  /** @param security {@code --security}: off for the gateway's own figures, on for hardened mode's */
  private long gateway(Path data, String security) throws Exception {
    return timeToLine(List.of(home.resolve("bin/gateway").toString(), "--headless", "--security", security, "--data",
        data.toString(), "--port", String.valueOf(ReadyProcess.freePort())), "gateway ready ");
  }

  /** Bare Felix with the same bundles: the run set minus the gateway's own, and the example plugins. */
  private long bare(Path data, boolean floor) throws Exception {
    List<String> command = new ArrayList<>(List.of(java, "-cp", home.resolve("lib") + "/*",
        "ai.tyrum.gateway.launcher.BareFelix", "--home", home.toString(), "--data", data.toString(),
        "--port", String.valueOf(ReadyProcess.freePort()), "--plugins", home.resolve("catalog/plugins").toString()));
    if (floor) {
      command.add("--floor");
    }
    return timeToLine(command, "bare ready");
  }

  /** Milliseconds from starting {@code command} until it prints a line starting with {@code ready}; then stopped. */
  private static long timeToLine(List<String> command, String ready) throws Exception {
    try (ReadyProcess process = ReadyProcess.start(command, ready, READY_TIMEOUT)) {
      process.stop();
      return process.readyMillis();
    }
  }

  private String table(List<Long> first, List<Long> second, List<Long> bareFresh, List<Long> bareReused,
      List<Long> floorFresh, List<Long> floorReused, List<Long> hardenedFirst, List<Long> hardenedSecond) {
    StringBuilder table = new StringBuilder()
        .append("| start (process start to ready line) | runs | median ms | p90 ms | min ms |"
            + " / bare (medians) | / bare (minima) |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    row(table, "gateway, first start (fresh data dir, example plugins installed)", first, bareFresh);
    row(table, "gateway, second start (data dir reused)", second, bareReused);
    row(table, "bare Felix, fresh cache (run set minus the gateway's bundles, gateway.api, example plugins)",
        bareFresh, bareFresh);
    row(table, "bare Felix, cache reused", bareReused, bareReused);
    row(table, "floor, fresh cache (bare Felix, then the libraries' first use: JSON, meta-schema, signature)",
        floorFresh, bareFresh);
    row(table, "floor, cache reused", floorReused, bareReused);
    row(table, "hardened mode (`--security on`), first start", hardenedFirst, bareFresh);
    row(table, "hardened mode, second start", hardenedSecond, bareReused);
    return table.toString();
  }

  private static void row(StringBuilder table, String what, List<Long> values, List<Long> bare) {
    table.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %s | %s |%n", what, values.size(),
        Stats.median(values), Stats.p90(values), Stats.min(values), ratio(Stats.median(values), Stats.median(bare)),
        ratio(Stats.min(values), Stats.min(bare))));
  }

  private static String ratio(double gateway, double bare) {
    return String.format(Locale.ROOT, "%.2f", gateway / bare);
  }

  private String section(String table, String loadBefore, String loadAfter) throws Exception {
    return "## Start-up\n\n"
        + "Process start to the ready line, " + runs + " runs after " + warmups + " warm-up runs; each run measures"
        + " the eight starts in turn. The gateway is `bin/gateway --headless --security off --data DIR --port N` until"
        + " `gateway ready URL` (the marketplace has checked the lockfile against the framework, a first start has"
        + " installed the bundled catalog's plugins through the verified pipeline, and `/healthz` answers 200);"
        + " bare Felix is the launcher's `BareFelix` with the same bundles (`bundles/` minus the gateway's own, with"
        + " gateway.api and the example plugins of `catalog/plugins/`), until every bundle is ACTIVE. The floor is"
        + " bare Felix that then does what any gateway start must before it is ready, the first time each library"
        + " is used in the JVM (`BareFelix --floor`: a JSON mapper reads a plugin schema, the JSON Schema 2020-12"
        + " meta-schema is loaded and checks and compiles it, the bundled catalog's Ed25519 signature is checked)."
        + " Hardened mode is the same gateway with `--security on` (DESIGN section 6: the Felix security manager,"
        + " each plugin confined to its grants), on a data dir of its own."
        + " Stopped with SIGTERM after each start. Other work on the machine lengthens some runs: the minimum is"
        + " the least disturbed figure, the load averages below say how busy the machine was.\n\n"
        + table + "\n"
        + "- Command: `" + command + "`\n"
        + "- Date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE) + "\n"
        + "- Machine: " + Machine.description() + "\n"
        + "- Java: " + Machine.javaVersion(java) + "\n"
        + "- Load average before / after: " + loadBefore + " / " + loadAfter + "\n";
  }
}
