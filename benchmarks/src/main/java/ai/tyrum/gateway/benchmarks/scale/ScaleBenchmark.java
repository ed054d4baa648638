package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.gateway.benchmarks.Directories;
import ai.tyrum.gateway.benchmarks.Machine;
import ai.tyrum.gateway.benchmarks.ReadyProcess;
import ai.tyrum.gateway.benchmarks.Report;
import java.io.IOException;
import java.net.URI;
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
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of "start fast and stay fast with 1,000 plugins", in one run: for each size N, N generated
 * plugins ({@link ScalePlugins}) with the bundled examples,
 *
 * <ol>
 *   <li>a fresh data dir whose first start through {@code bin/gateway --headless} installs them all through
 *       the verified pipeline (timed); on that gateway, over HTTP: {@code GET /plugins} must list N plugins and the examples
 *       plugins, all loaded; {@code GET /tools?agent=default} and the echo tool's call path are timed; heap
 *       after a full GC; SIGTERM to exit. Its data dir is the size's template;
 *   <li>{@code --runs} runs, alternating which side goes first: the gateway on a copy of the template without
 *       {@code felix-cache/} (it reinstalls from {@code store/} and checks the lockfile), then again on that
 *       copy; {@code BareFelix} with the same plugin jars on a fresh dir, then again. Each start: ready time,
 *       heap after a full GC ({@code jcmd}), SIGTERM to exit;
 *   <li>in this JVM, a gateway on another copy: {@code ToolCatalog.explainAll} and {@code explain}, a policy
 *       reload, and the verified install and uninstall of one more plugin against the same in an empty gateway.
 * </ol>
 *
 * Prints progress and the tables, and writes them as the {@code ## Scale} section of {@code docs/benchmarks.md}:
 *
 * <pre>
 * mvn -B -Pbenchmarks package -DskipTests
 * java -cp 'benchmarks/target/classes:gateway.api/target/classes:gateway.lib/target/classes:distribution/target/gateway/lib/*' \
 *     ai.tyrum.gateway.benchmarks.scale.ScaleBenchmark [--sizes 0,10,200,1000] [--runs 3] [--warmups 1] [--work DIR] \
 *     [--home DIR] [--report FILE] [--command TEXT]
 * </pre>
 *
 * Every child process is killed if the run fails or is interrupted.
 */
public final class ScaleBenchmark {
  static final int TOOLS_WARMUPS = 5;
  static final int TOOLS_CALLS = 20;
  static final int CALL_WARMUPS = 200;
  static final int CALLS = 1000;
  private static final String BUILD_HINT = "build with `mvn -B -Pbenchmarks package -DskipTests` and run with the class"
      + " path of the command in ScaleBenchmark's javadoc and benchmarks/README.md";
  private static final Pattern TOKEN = Pattern.compile("bootstrap admin token: (\\S+)");
  /** Heap is read once the gateway has settled after its ready line (the console level still starts then). */
  private static final long SETTLE_MILLIS = 1000;

  private final ScaleOptions options;
  private final Path home;
  private final String java;

  private ScaleBenchmark(ScaleOptions options) {
    this.options = options;
    this.home = options.home().toAbsolutePath().normalize();
    this.java = Machine.java();
  }

  public static void main(String[] args) {
    ScaleOptions options;
    try {
      options = ScaleOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      requireBuilt(options.home());
    } catch (IllegalStateException e) {
      System.err.println("scale benchmark: " + e.getMessage());
      System.exit(1);
    }
    int status = 1;
    try {
      new ScaleBenchmark(options).run();
      status = 0;
    } catch (NoClassDefFoundError e) {
      System.err.println("scale benchmark: class " + e.getMessage() + " is missing: " + BUILD_HINT);
    } catch (Throwable e) {
      e.printStackTrace();
    }
    // in-process gateways leave non-daemon threads; children are killed by ReadyProcess's shutdown hook
    System.exit(status);
  }

  private static void requireBuilt(Path home) {
    if (!Files.isExecutable(home.resolve("bin/gateway")) || !Files.isRegularFile(home.resolve("catalog/index.xml"))) {
      throw new IllegalStateException("no gateway distribution at " + home.toAbsolutePath() + ": " + BUILD_HINT);
    }
    for (String type : List.of("ai.tyrum.gateway.api.Tool", "ai.tyrum.gateway.lib.catalog.CatalogKeys",
        "ai.tyrum.gateway.launcher.Gateway", "ai.tyrum.bench.scale.ScaleTool")) {
      try {
        Class.forName(type, false, ScaleBenchmark.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException(type + " is not on the class path: " + BUILD_HINT);
      }
    }
  }

  private void run() throws Exception {
    String loadBefore = Machine.loadAverage();
    Path root = options.work().isPresent() ? prepared(options.work().get()) : Files.createTempDirectory("tyrum-scale-");
    List<ScaleFigures> figures = new ArrayList<>();
    try {
      Path extraDir = root.resolve("extra");
      Directories.delete(extraDir);
      ScalePlugins.Catalog extra = ScalePlugins.write(extraDir, ScaleWork.EXTRA, 1);
      for (int size : options.sizes()) {
        figures.add(measure(new ScaleWork(root, size, home), extra));
      }
    } finally {
      if (options.work().isEmpty()) {
        Directories.delete(root);
      }
    }
    String tables = ScaleReport.tables(figures);
    System.out.println();
    System.out.println(tables);
    String section = ScaleReport.section(options, tables, Machine.description(), Machine.javaVersion(java), loadBefore,
        Machine.loadAverage(), ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE));
    Path report = options.report().toAbsolutePath().normalize();
    Report.write(report, section, Optional.empty());
    System.out.println("written to " + report);
  }

  private static Path prepared(Path work) throws IOException {
    if (!Files.isDirectory(work)) {
      Directories.createPrivate(work.toAbsolutePath());
    }
    return work.toAbsolutePath();
  }

  private ScaleFigures measure(ScaleWork work, ScalePlugins.Catalog extra) throws Exception {
    int size = work.size();
    progress(size, "start");
    ScaleFigures.Outside outside = outside(work);
    Runs runs = new Runs();
    for (int i = 0; i < options.warmups() + options.runs(); i++) {
      runs.run(work, i, i >= options.warmups());
    }
    progress(size, "in-process measures");
    Path full = work.copyTemplate("in-process", true);
    work.addSource(full, extra, "extra");
    Path empty = work.freshDir("empty");
    ScaleWork.onlySource(empty, extra, "extra");
    String explained = size == 0 ? "plugin.echo.echo" : "plugin." + ScalePlugins.id(0) + ".t00";
    InProcessMeasures.Figures inProcess = InProcessMeasures.measure(home, full, empty, explained, ScalePlugins.id(ScaleWork.EXTRA));
    progress(size, String.format(Locale.ROOT, "in process: %d tools, explainAll %.2f ms, explain %.1f µs, reload %.2f /"
        + " %.2f ms, install %.2f ms (empty gateway %.2f ms)", inProcess.tools(), inProcess.explainAllMicros() / 1000,
        inProcess.explainMicros(), inProcess.reloadUnchangedMicros() / 1000, inProcess.reloadChangedMicros() / 1000,
        inProcess.installMicros() / 1000, inProcess.installEmptyMicros() / 1000));
    return new ScaleFigures(size, outside, runs.gatewayFirst.done(), runs.gatewaySecond.done(), runs.bareFresh.done(),
        runs.bareReused.done(), runs.floorFresh.done(), runs.floorReused.done(), inProcess);
  }

  /** Step 1: the gateway that installs everything (or one on a copy of a reused template), measured over HTTP. */
  private ScaleFigures.Outside outside(ScaleWork work) throws Exception {
    int size = work.size();
    Optional<String> token = work.reusableToken();
    Path data;
    if (token.isPresent()) {
      progress(size, "reusing the template data dir of an earlier run");
      data = work.copyTemplate("outside", true);
    } else {
      progress(size, "generating " + size + " plugins and installing them with the examples (first start)");
      work.prepareTemplate();
      data = work.template();
    }
    int port = ReadyProcess.freePort();
    try (ReadyProcess gateway = ReadyProcess.start(gatewayCommand(data, port), "gateway ready ", readyTimeout(size))) {
      OptionalLong install = OptionalLong.empty();
      if (token.isEmpty()) {
        install = OptionalLong.of(gateway.readyMillis());
        token = Optional.of(bootstrapToken(gateway.output()));
        progress(size, "first start installed " + (size + ScaleFigures.EXAMPLES) + " plugins in " + gateway.readyMillis() + " ms");
      }
      GatewayHttp http = new GatewayHttp(URI.create("http://127.0.0.1:" + port), token.get());
      http.requireLoaded(size + ScaleFigures.EXAMPLES);
      GatewayHttp.ToolList tools = http.tools(TOOLS_WARMUPS, TOOLS_CALLS);
      GatewayHttp.CallPath call = http.callPath(CALL_WARMUPS, CALLS);
      long heap = Heap.afterFullGc(gateway.pid());
      long stop = gateway.stop();
      progress(size, String.format(Locale.ROOT, "GET /tools %.2f ms (%d tools, %d KiB), call path %.0f µs (p90 %d µs),"
          + " heap %.1f MiB, stop %d ms", tools.medianMillis(), tools.tools(), tools.bytes() / 1024, call.medianMicros(),
          call.p90Micros(), heap / 1048576.0, stop));
      if (install.isPresent()) {
        work.keepTemplate(token.get());
      }
      return new ScaleFigures.Outside(install, tools, call, heap, stop);
    }
  }

  /** Step 2: the six kinds of start, collected over the counted runs. */
  private final class Runs {
    final Samples gatewayFirst = new Samples();
    final Samples gatewaySecond = new Samples();
    final Samples bareFresh = new Samples();
    final Samples bareReused = new Samples();
    final Samples floorFresh = new Samples();
    final Samples floorReused = new Samples();

    void run(ScaleWork work, int i, boolean counted) throws Exception {
      Sample[] gateway = new Sample[2];
      Sample[] bare = new Sample[2];
      Sample[] floor = new Sample[2];
      if (i % 2 == 0) {
        gatewaySide(work, counted, gateway);
        bareSide(work, counted, bare, false);
        bareSide(work, counted, floor, true);
      } else {
        bareSide(work, counted, floor, true);
        bareSide(work, counted, bare, false);
        gatewaySide(work, counted, gateway);
      }
      progress(work.size(), String.format(Locale.ROOT, "%s %d: gateway first %s, second %s; bare fresh %s, reused %s;"
          + " floor fresh %s, reused %s", counted ? "run" : "warm-up", counted ? i - options.warmups() + 1 : i + 1,
          gateway[0], gateway[1], bare[0], bare[1], floor[0], floor[1]));
      if (counted) {
        gatewayFirst.add(gateway[0]);
        gatewaySecond.add(gateway[1]);
        bareFresh.add(bare[0]);
        bareReused.add(bare[1]);
        floorFresh.add(floor[0]);
        floorReused.add(floor[1]);
      }
    }

    private void gatewaySide(ScaleWork work, boolean counted, Sample[] into) throws Exception {
      Path data = work.copyTemplate("gateway", false);
      into[0] = sample(gatewayCommand(data, ReadyProcess.freePort()), "gateway ready ", work.size(), counted);
      into[1] = sample(gatewayCommand(data, ReadyProcess.freePort()), "gateway ready ", work.size(), counted);
    }

    private void bareSide(ScaleWork work, boolean counted, Sample[] into, boolean floor) throws Exception {
      Path data = work.freshDir(floor ? "floor" : "bare");
      into[0] = sample(bareCommand(work, data, floor), "bare ready", work.size(), counted);
      into[1] = sample(bareCommand(work, data, floor), "bare ready", work.size(), counted);
    }
  }

  /** One start: ready, heap after a full GC (counted runs only), stop. */
  private record Sample(long readyMillis, long heapBytes, long stopMillis) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d ms (heap %s, stop %d ms)", readyMillis,
          heapBytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", heapBytes / 1048576.0), stopMillis);
    }
  }

  private static final class Samples {
    private final List<Long> ready = new ArrayList<>();
    private final List<Long> heap = new ArrayList<>();
    private final List<Long> stop = new ArrayList<>();

    void add(Sample sample) {
      ready.add(sample.readyMillis());
      heap.add(sample.heapBytes());
      stop.add(sample.stopMillis());
    }

    ScaleFigures.Starts done() {
      return new ScaleFigures.Starts(ready, heap, stop);
    }
  }

  private Sample sample(List<String> command, String ready, int size, boolean counted) throws Exception {
    try (ReadyProcess process = ReadyProcess.start(command, ready, readyTimeout(size))) {
      long heap = -1;
      if (counted) {
        Thread.sleep(SETTLE_MILLIS);
        heap = Heap.afterFullGc(process.pid());
      }
      return new Sample(process.readyMillis(), heap, process.stop());
    }
  }

  private List<String> gatewayCommand(Path data, int port) {
    return List.of(home.resolve("bin/gateway").toString(), "--headless", "--data", data.toString(), "--port", String.valueOf(port));
  }

  /** Bare Felix with the same bundles; with {@code floor}, then the libraries' work no start can skip. */
  private List<String> bareCommand(ScaleWork work, Path data, boolean floor) {
    List<String> command = new ArrayList<>(List.of(java, "-cp", home.resolve("lib") + "/*", "ai.tyrum.gateway.launcher.BareFelix",
        "--home", home.toString(), "--data", data.toString(), "--port", String.valueOf(ReadyProcess.freePort())));
    work.catalogPlugins().ifPresent(plugins -> command.addAll(List.of("--plugins", plugins.toString())));
    command.addAll(List.of("--plugins", home.resolve("catalog/plugins").toString()));
    if (floor) {
      command.add("--floor");
    }
    return command;
  }

  /** Generous: a first start installs every plugin before it is ready. */
  private static Duration readyTimeout(int size) {
    return Duration.ofSeconds(120 + size / 2);
  }

  private static String bootstrapToken(List<String> output) {
    for (String line : output) {
      Matcher matcher = TOKEN.matcher(line);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    throw new IllegalStateException("the first start printed no bootstrap admin token; its output:\n  " + String.join("\n  ", output));
  }

  private static void progress(int size, String what) {
    System.out.printf(Locale.ROOT, "[%s] size %d: %s%n",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss")), size, what);
  }
}
