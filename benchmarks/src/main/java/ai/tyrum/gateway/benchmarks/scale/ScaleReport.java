package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.gateway.benchmarks.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The tables of a scale run, and the report section that holds them. */
final class ScaleReport {
  static final String HEADING = "## Scale";

  private ScaleReport() {}

  /** Start, stop and heap of one size, gateway against bare Felix with the same bundles. */
  static String sizeTable(ScaleFigures f, Optional<ScaleFigures> examplesOnly) {
    StringBuilder table = new StringBuilder("### " + f.size() + " generated plugins + the " + ScaleFigures.EXAMPLES + " examples\n\n");
    table.append(f.outside().installMillis().isPresent()
        ? String.format(Locale.ROOT, "First start of a fresh data dir, installing %d plugins through the verified pipeline"
            + " from the signed catalogs: %d ms.%n%n", f.plugins(), f.outside().installMillis().getAsLong())
        : "The template data dir of an earlier invocation was reused: no first-install figure.\n\n");
    String startTarget = f.size() == 0 ? "≤ 1.3" : "≤ 1.5";
    table.append("| measure (medians) | gateway | bare Felix | gateway / bare | target |\n")
        .append("|---|---:|---:|---:|---|\n");
    ratioRow(table, "start to ready, ms: first (gateway: `felix-cache/` removed, reinstalls from `store/`, checks the"
        + " lockfile; bare: fresh cache)", f.gatewayFirst().readyMillis(), f.bareFresh().readyMillis(), startTarget);
    ratioRow(table, "start to ready, ms: second (cache reused)", f.gatewaySecond().readyMillis(),
        f.bareReused().readyMillis(), startTarget);

    ratioRow(table, "stop (SIGTERM to exit), ms, after the first start", f.gatewayFirst().stopMillis(),
        f.bareFresh().stopMillis(), "≤ 2");
    ratioRow(table, "stop (SIGTERM to exit), ms, after the second start", f.gatewaySecond().stopMillis(),
        f.bareReused().stopMillis(), "≤ 2");
    heapRow(table, "heap after a full GC, MiB, after the first start", f.gatewayFirst(), f.bareFresh());
    heapRow(table, "heap after a full GC, MiB, after the second start", f.gatewaySecond(), f.bareReused());
    perPluginRow(table, "heap per plugin, KiB: (gateway − bare) / " + f.plugins() + ", after the first start", f,
        f.gatewayFirst(), f.bareFresh());
    perPluginRow(table, "heap per plugin, KiB: (gateway − bare) / " + f.plugins() + ", after the second start", f,
        f.gatewaySecond(), f.bareReused());
    if (examplesOnly.isPresent() && f.size() > 0) {
      // what each generated plugin adds, without the gateway's own heap that the division above spreads over them
      double base = held(examplesOnly.get().gatewaySecond(), examplesOnly.get().bareReused());
      table.append(String.format(Locale.ROOT, "| heap per generated plugin, KiB: ((gateway − bare) − the same with the"
          + " examples alone) / %d, after the second start | %.1f | | | |%n", f.size(),
          (held(f.gatewaySecond(), f.bareReused()) - base) / f.size() / 1024));
    }
    floorTable(table, f);
    return table.toString();
  }

  /**
   * The floor beside the start figures: bare Felix that then does what no gateway start can skip
   * ({@code BareFelix --floor}: every plugin schema read, checked against the meta-schema and compiled, the
   * catalog signature checked), against bare Felix and against the gateway.
   */
  private static void floorTable(StringBuilder table, ScaleFigures f) {
    table.append("\n| start to ready, ms (medians) | floor | bare Felix | floor / bare | gateway / floor |\n")
        .append("|---|---:|---:|---:|---:|\n");
    floorRow(table, "first (fresh cache)", f.floorFresh(), f.bareFresh(), f.gatewayFirst());
    floorRow(table, "second (cache reused)", f.floorReused(), f.bareReused(), f.gatewaySecond());
  }

  private static void floorRow(StringBuilder table, String what, ScaleFigures.Starts floor, ScaleFigures.Starts bare,
      ScaleFigures.Starts gateway) {
    double fl = Stats.median(floor.readyMillis());
    double b = Stats.median(bare.readyMillis());
    double g = Stats.median(gateway.readyMillis());
    table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f |%n", what, fl, b, fl / b, g / fl));
  }

  /** How the catalogue, {@code tool:explain} and the call path grow with the plugins. */
  static String growthTable(List<ScaleFigures> sizes) {
    ScaleFigures smallest = sizes.get(0);
    StringBuilder table = new StringBuilder()
        .append("| plugins | tools | `GET /tools` ms | its answer KiB | µs per tool | `explainAll` ms | µs per tool |"
            + " `explain` µs | / smallest | call path µs (median) | p90 µs | / smallest |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScaleFigures f : sizes) {
      GatewayHttp.ToolList tools = f.outside().tools();
      InProcessMeasures.Figures in = f.inProcess();
      table.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.2f | %.2f | %.2f | %.1f | %.2f | %.0f | %d | %.2f |%n",
          f.plugins(), tools.tools(), tools.medianMillis(), tools.bytes() / 1024.0, tools.medianMillis() * 1000 / tools.tools(),
          in.explainAllMicros() / 1000, in.explainAllMicros() / in.tools(), in.explainMicros(),
          in.explainMicros() / smallest.inProcess().explainMicros(), f.outside().callPath().medianMicros(),
          f.outside().callPath().p90Micros(), f.outside().callPath().medianMicros() / smallest.outside().callPath().medianMicros()));
    }
    return table.toString();
  }

  /** Policy reload and the install of one more plugin, per size. */
  static String operationsTable(List<ScaleFigures> sizes) {
    StringBuilder table = new StringBuilder()
        .append("| plugins | policy reload, files unchanged, ms | policy reload, a file changed, ms |"
            + " install one more plugin, ms | the same into an empty gateway, ms | ratio (target ≤ 1.5) |"
            + " its uninstall, ms | from the empty gateway, ms |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScaleFigures f : sizes) {
      InProcessMeasures.Figures in = f.inProcess();
      table.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", f.plugins(),
          in.reloadUnchangedMicros() / 1000, in.reloadChangedMicros() / 1000, in.installMicros() / 1000,
          in.installEmptyMicros() / 1000, in.installMicros() / in.installEmptyMicros(), in.uninstallMicros() / 1000,
          in.uninstallEmptyMicros() / 1000));
    }
    return table.toString();
  }

  /** The report's section; {@code tables} is what {@link #tables} gave. */
  static String section(ScaleOptions options, String tables, String machine, String java, String loadBefore, String loadAfter,
      String date) {
    return HEADING + "\n\n"
        + "Each size is N generated plugins (`ScalePlugins`: 10 `read_only` DS tools each, realistic schemas, a signed"
        + " catalog) with the " + ScaleFigures.EXAMPLES + " bundled examples. Its first start through `bin/gateway --headless` installs them all"
        + " through the verified pipeline; while it runs, `GET /tools?agent=default` (" + ScaleBenchmark.TOOLS_CALLS
        + " calls after " + ScaleBenchmark.TOOLS_WARMUPS + ") and `POST /tools/plugin.echo.echo/invoke` ("
        + ScaleBenchmark.CALLS + " sequential calls after " + ScaleBenchmark.CALL_WARMUPS + ") are timed over HTTP. Then "
        + options.runs() + " runs after " + options.warmups() + " warm-up runs, alternating which side goes first:"
        + " the gateway on a copy of that data dir without `felix-cache/` (it reinstalls from `store/` and checks the"
        + " lockfile) and again on the same copy (cache reused), against the launcher's `BareFelix` with the same"
        + " bundles minus `gateway.*` plus the same plugin jars, fresh and reused, and against the floor: that bare"
        + " Felix which then does what no gateway start can skip, the first time in the JVM (`BareFelix --floor`: every"
        + " plugin schema read with Jackson, checked against the JSON Schema 2020-12 meta-schema and compiled by"
        + " networknt, and the bundled catalog's Ed25519 signature checked). Each start is timed from process start"
        + " to the ready line; heap is `jcmd GC.run` + `GC.heap_info` (used, second of two readings) a second after"
        + " ready; stop is SIGTERM to exit. In the harness's JVM, a gateway on another copy measures"
        + " `ToolCatalog.explainAll` (behind `GET /tools`, " + InProcessMeasures.EXPLAIN_ALL_CALLS + " calls),"
        + " `ToolCatalog.explain` (what `tool:explain` runs, " + InProcessMeasures.EXPLAIN_CALLS + " calls),"
        + " `PolicyDecider.reload` (what `policy:reload` calls, " + InProcessMeasures.RELOADS + " times unchanged and "
        + InProcessMeasures.RELOADS + " times after a file changed), and `PluginInstaller.install` of one more"
        + " generated plugin from a signed catalog until its tool is exposed, then its uninstall ("
        + InProcessMeasures.INSTALL_CYCLES + " cycles), against the same in a gateway holding no plugin.\n\n"
        + tables + "\n"
        + "- Command: `" + options.commandLine() + "`\n"
        + "- Date: " + date + "\n"
        + "- Machine: " + machine + "\n"
        + "- Java: " + java + "\n"
        + "- Load average before / after: " + loadBefore + " / " + loadAfter + "\n";
  }

  /** Every table of the run, per size then across sizes. */
  static String tables(List<ScaleFigures> sizes) {
    StringBuilder text = new StringBuilder();
    Optional<ScaleFigures> examplesOnly = sizes.stream().filter(f -> f.size() == 0).findFirst();
    sizes.forEach(f -> text.append(sizeTable(f, examplesOnly)).append('\n'));
    text.append("### Growth with the plugins\n\n").append(growthTable(sizes)).append('\n');
    text.append("### Policy reload (target < 100 ms) and one more install\n\n").append(operationsTable(sizes));
    return text.toString();
  }

  private static void ratioRow(StringBuilder table, String what, List<Long> gateway, List<Long> bare, String target) {
    double g = Stats.median(gateway);
    double b = Stats.median(bare);
    table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %s |%n", what, g, b, g / b, target));
  }

  private static void heapRow(StringBuilder table, String what, ScaleFigures.Starts gateway, ScaleFigures.Starts bare) {
    double g = Stats.median(gateway.heapBytes());
    double b = Stats.median(bare.heapBytes());
    table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | |%n", what, g / (1 << 20), b / (1 << 20), g / b));
  }

  private static void perPluginRow(StringBuilder table, String what, ScaleFigures f, ScaleFigures.Starts gateway,
      ScaleFigures.Starts bare) {
    double perPlugin = held(gateway, bare) / f.plugins() / 1024;
    table.append(String.format(Locale.ROOT, "| %s | %.1f | | | < 128 |%n", what, perPlugin));
  }

  /** Bytes of heap the gateway holds beyond bare Felix with the same bundles (medians). */
  private static double held(ScaleFigures.Starts gateway, ScaleFigures.Starts bare) {
    return Stats.median(gateway.heapBytes()) - Stats.median(bare.heapBytes());
  }
}
