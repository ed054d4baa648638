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
 * The tool call path with hardened mode off and on (DESIGN section 6 expects at most 1.2×): a
 * real gateway started in this JVM from the distribution, {@code ToolInvoker.invoke} on the echo tool with
 * a 1 KiB input, one caller thread, audit {@code interval} (the default). One process measures one mode:
 * Felix's security provider keeps state in static fields, so a second hardened framework in one JVM is not
 * what a gateway runs. The script that runs it alternates the modes, process by process:
 *
 * <pre>
 * for round in 1 2 3; do for mode in off on; do
 *   java -cp 'benchmarks/target/classes:distribution/target/gateway/lib/*' \
 *       ai.tyrum.gateway.benchmarks.HardenedCallBenchmark $mode
 * done; done
 * </pre>
 *
 * Each prints one line: the mode, the calls measured, the median and p90 in microseconds.
 */
public final class HardenedCallBenchmark {
  private static final String TOOL = "plugin.echo.echo";
  private static final String INPUT = "{\"text\":\"" + "x".repeat(1024 - 12) + "\"}";
  private static final int WARMUP_CALLS = 30_000;
  private static final int MEASURED_CALLS = 50_000;

  private HardenedCallBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    SecurityPosture.Requested security = SecurityPosture.Requested.valueOf(args.length > 0 ? args[0] : "off");
    Path home = Path.of(args.length > 1 ? args[1] : "distribution/target/gateway").toAbsolutePath().normalize();
    List<Long> times = measure(home, security);
    System.out.printf(Locale.ROOT, "hardened %-3s calls %d median %.2f µs p90 %.2f µs%n", security, times.size(),
        Stats.median(times) / 1000.0, Stats.p90(times) / 1000.0);
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
