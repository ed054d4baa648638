package ai.tyrum.gateway.benchmarks;

import ai.tyrum.gateway.launcher.SecurityPosture;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tool call path with hardened mode off and on in one run (DESIGN section 6 expects at most 1.2×): a
 * real gateway started in this JVM from the distribution, {@code ToolInvoker.invoke} on the echo tool with
 * a 1 KiB input, one caller thread, audit {@code interval} (the default). Rounds alternate off and on; each
 * starts a gateway on a fresh data dir, warms the path up, then times each call. The security manager is
 * the JVM's while a hardened gateway runs and gone once it stops (Felix removes it), so the off rounds run
 * without one.
 *
 * <p>Run with the distribution's {@code lib/} on the class path, as {@link InstallBenchmark}:
 * {@code java -cp 'benchmarks/target/classes:distribution/target/gateway/lib/*'
 * ai.tyrum.gateway.benchmarks.HardenedCallBenchmark}.
 */
public final class HardenedCallBenchmark {
  private static final String TOOL = "plugin.echo.echo";
  private static final String INPUT = "{\"text\":\"" + "x".repeat(1024 - 12) + "\"}";
  private static final int ROUNDS = 3;
  private static final int WARMUP_CALLS = 30_000;
  private static final int MEASURED_CALLS = 50_000;

  private HardenedCallBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args.length > 0 ? args[0] : "distribution/target/gateway").toAbsolutePath().normalize();
    List<Long> off = new ArrayList<>();
    List<Long> on = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      for (SecurityPosture.Requested security : List.of(SecurityPosture.Requested.off, SecurityPosture.Requested.on)) {
        List<Long> times = measure(home, security);
        System.out.printf(Locale.ROOT, "round %d, security %-3s: median %.2f µs, p90 %.2f µs%n", round, security,
            Stats.median(times) / 1000.0, Stats.p90(times) / 1000.0);
        (security == SecurityPosture.Requested.on ? on : off).addAll(times);
      }
    }
    double medianOff = Stats.median(off) / 1000.0;
    double medianOn = Stats.median(on) / 1000.0;
    System.out.printf(Locale.ROOT, "%n| hardened mode | calls | median µs | p90 µs |%n|---|---:|---:|---:|%n"
        + "| off | %d | %.2f | %.2f |%n| on | %d | %.2f | %.2f |%n%nratio on / off (medians): %.2f×%n",
        off.size(), medianOff, Stats.p90(off) / 1000.0, on.size(), medianOn, Stats.p90(on) / 1000.0, medianOn / medianOff);
  }

  /** Nanoseconds of each measured call on a gateway of its own. */
  private static List<Long> measure(Path home, SecurityPosture.Requested security) throws Exception {
    Path data = Files.createTempDirectory("tyrum-hardened-call-");
    InProcessGateway gateway = InProcessGateway.start(home, data.resolve("data"), security);
    try {
      Object invoker = gateway.context().getService(InProcessGateway.reference(gateway.context(), "ai.tyrum.gateway.core.invoke.ToolInvoker"));
      Method invoke = invoker.getClass().getMethod("invoke", String.class, String.class, String.class, String.class, Optional.class);
      for (int i = 0; i < WARMUP_CALLS; i++) {
        invoke.invoke(invoker, "default", "console", TOOL, INPUT, Optional.empty());
      }
      List<Long> times = new ArrayList<>(MEASURED_CALLS);
      for (int i = 0; i < MEASURED_CALLS; i++) {
        long start = System.nanoTime();
        invoke.invoke(invoker, "default", "console", TOOL, INPUT, Optional.empty());
        times.add(System.nanoTime() - start);
      }
      return times;
    } finally {
      gateway.gateway().stop();
      Directories.delete(data);
    }
  }
}
