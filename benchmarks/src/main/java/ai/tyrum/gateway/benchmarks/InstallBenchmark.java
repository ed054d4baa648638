package ai.tyrum.gateway.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Hot install and uninstall of the echo plugin through the verified pipeline, against the raw framework
 * operations on the same jar, in one process and one run:
 *
 * <ul>
 *   <li>verified: {@code PluginInstaller.install} of {@code echo} from the bundled signed catalog (catalog
 *       lookup, bytes read and checked, jar and manifest checks, store, lockfile, install, resolve through
 *       the gate, start) until {@code plugin.echo.echo} is exposed in the tool catalogue; then {@code
 *       PluginInstaller.uninstall} (lockfile, uninstall, refresh) until the catalogue no longer lists it;
 *   <li>raw: {@code BundleContext.installBundle(location, bytes)} + {@code start()} of the same bytes until
 *       the tool is exposed; then {@code uninstall()} + {@code FrameworkWiring.refreshBundles} until the
 *       refresh is done and the catalogue no longer lists it.
 * </ul>
 *
 * The marketplace's resolve gate lets nothing resolve that its lockfile does not hold, so the raw side
 * runs in a second gateway in the same JVM, started from a copy of the distribution without
 * {@code gateway.marketplace}: the same core, policy and HTTP layer, so "exposed in the tool catalogue"
 * means the same on both sides. Each cycle measures the verified and the raw side, in alternating
 * order. All along, another thread calls {@code plugin.notes.list_notes} over HTTP on the verified
 * gateway (allowlisted by a policy file in its data dir) and counts the calls that did not answer 200.
 *
 * <p>"Tool exposed" is read in-process from the core's {@code ToolCatalog} service (what {@code GET
 * /tools} and {@code tool:list} show), polled every 100 µs, so the poll adds at most 0.1 ms to a figure.
 */
public final class InstallBenchmark {
  static final String COMMAND = "mvn -B -Pbenchmarks package -DskipTests && java -cp"
      + " 'benchmarks/target/classes:distribution/target/gateway/lib/*' ai.tyrum.gateway.benchmarks.InstallBenchmark";
  private static final String TOOL = "plugin.echo.echo";
  private static final String PLUGIN = "echo";
  private static final String RAW_LOCATION = "benchmark:plugin.echo";

  private final Path home;
  private final int cycles;
  private final int warmups;
  private final Path report;
  private final String command;
  private final Path work;

  private InstallBenchmark(Path home, int cycles, int warmups, Path report, String command) throws IOException {
    this.home = home.toAbsolutePath().normalize();
    this.cycles = cycles;
    this.warmups = warmups;
    this.report = report.toAbsolutePath().normalize();
    this.command = command != null ? command : COMMAND
        + (cycles != 50 ? " --cycles " + cycles : "") + (warmups != 10 ? " --warmups " + warmups : "");
    this.work = Files.createTempDirectory("tyrum-install-bench-");
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of("distribution/target/gateway");
    int cycles = 50;
    int warmups = 10;
    Path report = Path.of("docs/benchmarks.md");
    String command = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--home" -> home = Path.of(args[i + 1]);
        case "--cycles" -> cycles = Integer.parseInt(args[i + 1]);
        case "--warmups" -> warmups = Integer.parseInt(args[i + 1]);
        case "--report" -> report = Path.of(args[i + 1]);
        case "--command" -> command = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isDirectory(home.resolve("bundles"))) {
      throw new IllegalStateException("no gateway at " + home.toAbsolutePath() + ": build it first with"
          + " `mvn -B -Pbenchmarks package -DskipTests`");
    }
    new InstallBenchmark(home, cycles, warmups, report, command).run();
    System.exit(0);
  }

  private void run() throws Exception {
    String loadBefore = Machine.loadAverage();
    Path verifiedData = dataDir("verified-data");
    Files.createDirectories(verifiedData.resolve("policy"));
    Files.writeString(verifiedData.resolve("policy/deployment.yml"),
        "version: 1\ntools:\n  allow:\n    - plugin.notes.list_notes\n");
    Path rawHome = withoutMarketplace();
    InProcessGateway verified = InProcessGateway.start(home, verifiedData);
    InProcessGateway raw = InProcessGateway.start(rawHome, dataDir("raw-data"));
    Caller caller = null;
    try {
      byte[] echo = catalogJar();
      requireStored(verifiedData, echo);
      PluginInstallerView installer = new PluginInstallerView(verified.context(), PLUGIN);
      ToolCatalogView verifiedTools = new ToolCatalogView(verified.context());
      ToolCatalogView rawTools = new ToolCatalogView(raw.context());
      // the first start installed echo from the bundled catalog: each cycle begins without it
      installer.uninstall();
      Polling.await(() -> verifiedTools.gone(TOOL), "echo's tool to leave the verified gateway's catalogue");
      caller = new Caller(verified);
      caller.start();

      List<Long> verifiedInstall = new ArrayList<>();
      List<Long> verifiedUninstall = new ArrayList<>();
      List<Long> rawInstall = new ArrayList<>();
      List<Long> rawUninstall = new ArrayList<>();
      BundleContext rawContext = raw.context();
      FrameworkWiring wiring = rawContext.getBundle(0).adapt(FrameworkWiring.class);
      for (int i = 0; i < warmups + cycles; i++) {
        long[] v = new long[2];
        long[] r = new long[2];
        Runnable verifiedCycle = () -> {
          v[0] = Polling.timed(() -> installer.install(), () -> verifiedTools.exposed(TOOL), "echo installed through the pipeline");
          v[1] = Polling.timed(() -> installer.uninstall(), () -> verifiedTools.gone(TOOL), "echo uninstalled through the pipeline");
        };
        Runnable rawCycle = () -> {
          Bundle[] bundle = new Bundle[1];
          r[0] = Polling.timed(() -> {
            bundle[0] = rawContext.installBundle(RAW_LOCATION, new ByteArrayInputStream(echo));
            bundle[0].start();
          }, () -> rawTools.exposed(TOOL), "echo installed raw");
          r[1] = Polling.timed(() -> {
            bundle[0].uninstall();
            CompletableFuture<Void> refreshed = new CompletableFuture<>();
            wiring.refreshBundles(List.of(bundle[0]), e -> refreshed.complete(null));
            refreshed.get(30, TimeUnit.SECONDS);
          }, () -> rawTools.gone(TOOL), "echo uninstalled raw");
        };
        if (i % 2 == 0) {
          verifiedCycle.run();
          rawCycle.run();
        } else {
          rawCycle.run();
          verifiedCycle.run();
        }
        boolean counted = i >= warmups;
        System.out.printf(Locale.ROOT, "%s %2d: verified install %7.2f ms, uninstall %7.2f ms; raw install %7.2f ms,"
            + " uninstall %7.2f ms%n", counted ? "cycle " : "warmup", counted ? i - warmups + 1 : i + 1,
            v[0] / 1000.0, v[1] / 1000.0, r[0] / 1000.0, r[1] / 1000.0);
        if (counted) {
          verifiedInstall.add(v[0]);
          verifiedUninstall.add(v[1]);
          rawInstall.add(r[0]);
          rawUninstall.add(r[1]);
        }
      }
      caller.stop();
      String table = table(verifiedInstall, rawInstall, verifiedUninstall, rawUninstall);
      String calls = String.format(Locale.ROOT, "%d calls of plugin.notes.list_notes during the run, %d failed",
          caller.calls.get(), caller.failed.get());
      System.out.println();
      System.out.println(table);
      System.out.println(calls);
      caller.failures.forEach(f -> System.out.println("  failed: " + f));
      Report.write(report, section(table, calls, loadBefore, Machine.loadAverage()), Optional.of("## Start-up"));
      System.out.println("written to " + report);
    } finally {
      if (caller != null) {
        caller.stop();
      }
      verified.gateway().stop();
      raw.gateway().stop();
      Directories.delete(work);
    }
  }

  // --- the two gateways ------------------------------------------------------------------------------

  private Path dataDir(String name) throws IOException {
    return Directories.createPrivate(work.resolve(name));
  }

  /** A copy of the distribution without the marketplace: its resolve gate would refuse the raw install. */
  private Path withoutMarketplace() throws IOException {
    Path copy = work.resolve("home-without-marketplace");
    try (Stream<Path> paths = Files.walk(home)) {
      for (Path path : paths.toList()) {
        Path target = copy.resolve(home.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().startsWith("gateway.marketplace")) {
          Files.copy(path, target);
        }
      }
    }
    return copy;
  }

  /** Echo's jar as the bundled catalog publishes it. */
  private byte[] catalogJar() throws IOException {
    try (Stream<Path> jars = Files.list(home.resolve("catalog/plugins"))) {
      Path jar = jars.filter(p -> p.getFileName().toString().startsWith("plugin.echo-")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no plugin.echo jar in " + home.resolve("catalog/plugins")));
      return Files.readAllBytes(jar);
    }
  }

  /** Both sides install the same bytes: the pipeline stored the catalog's jar under its SHA-256. */
  private static void requireStored(Path data, byte[] jar) throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    try (Stream<Path> stored = Files.walk(data.resolve("store"))) {
      if (stored.noneMatch(p -> p.getFileName().toString().startsWith(sha256))) {
        throw new IllegalStateException("the store holds no jar with the catalog jar's SHA-256 " + sha256);
      }
    }
  }

  // --- timing ------------------------------------------------------------------------------------------

  /** Calls {@code plugin.notes.list_notes} over HTTP, one call after another, and counts what failed. */
  private static final class Caller {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final HttpRequest request;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    Caller(InProcessGateway gateway) {
      URI uri = gateway.gateway().url().resolve("/tools/plugin.notes.list_notes/invoke");
      this.request = HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + gateway.token().orElseThrow(
              () -> new IllegalStateException("the verified gateway printed no bootstrap token")))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"agent\":\"default\",\"input\":{}}"))
          .build();
      this.thread = new Thread(this::loop, "list-notes-caller");
      thread.setDaemon(true);
    }

    void start() throws Exception {
      HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (first.statusCode() != 200) {
        throw new IllegalStateException("plugin.notes.list_notes answered " + first.statusCode() + ": " + first.body());
      }
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(TimeUnit.SECONDS.toMillis(40));
    }

    private void loop() {
      while (running.get()) {
        calls.incrementAndGet();
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200) {
            fail(response.statusCode() + " " + response.body());
          }
        } catch (IOException e) {
          fail(e.toString());
        } catch (InterruptedException e) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }

    private void fail(String why) {
      failed.incrementAndGet();
      if (failures.size() < 10) {
        failures.add(why);
      }
    }
  }

  // --- the report ------------------------------------------------------------------------------------

  private String table(List<Long> verifiedInstall, List<Long> rawInstall, List<Long> verifiedUninstall, List<Long> rawUninstall) {
    StringBuilder table = new StringBuilder()
        .append("| operation (until the tool is exposed / gone) | cycles | median ms | p90 ms | min ms |"
            + " verified / raw (medians) | verified / raw (p90) |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    row(table, "install, verified (`PluginInstaller.install` from the bundled catalog)", verifiedInstall, rawInstall);
    row(table, "install, raw (`installBundle` + `start`)", rawInstall, rawInstall);
    row(table, "uninstall, verified (`PluginInstaller.uninstall`)", verifiedUninstall, rawUninstall);
    row(table, "uninstall, raw (`uninstall` + `refreshBundles`)", rawUninstall, rawUninstall);
    return table.toString();
  }

  private static void row(StringBuilder table, String what, List<Long> micros, List<Long> raw) {
    double median = Stats.median(micros);
    long p90 = Stats.p90(micros);
    table.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", what, micros.size(),
        median / 1000, p90 / 1000.0, micros.stream().min(Long::compare).orElseThrow() / 1000.0,
        median / Stats.median(raw), (double) p90 / Stats.p90(raw)));
  }

  private String section(String table, String calls, String loadBefore, String loadAfter) {
    return "## Install and uninstall\n\n"
        + cycles + " cycles after " + warmups + " warm-up cycles, one process; each cycle measures the verified"
        + " and the raw side, in alternating order.\n\n"
        + table + "\n"
        + "- Other calls: " + calls + ".\n"
        + "- Command: `" + command + "`\n"
        + "- Date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE) + "\n"
        + "- Machine: " + Machine.description() + "\n"
        + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
        + "- Load average before / after: " + loadBefore + " / " + loadAfter + "\n";
  }
}
