package ai.tyrum.gateway.benchmarks;

import ai.tyrum.gateway.launcher.SecurityPosture;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osgi.framework.Bundle;

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
 *
 * <p>{@code floor} (hardened on) measures in one JVM what the difference is made of, the gateway and its
 * JIT state the same for both sides: the calls with the security manager, and the same calls with it
 * taken away ({@code System.setSecurityManager(null)}, which leaves the framework, its permission table and
 * Felix's security decorators in place but makes every check return at once), in alternating blocks; and
 * the one permission check every call still makes, EventAdmin's {@code TopicPermission} check of
 * gateway.core when the call's {@code plugin_tool.invoked} event is posted ({@code Bundle.hasPermission},
 * which is how Felix EventAdmin's security decorator asks).
 */
public final class HardenedCallBenchmark {
  private static final String TOOL = "plugin.echo.echo";
  private static final String INPUT = "{\"text\":\"" + "x".repeat(1024 - 12) + "\"}";
  private static final int WARMUP_CALLS = 30_000;
  private static final int MEASURED_CALLS = 50_000;
  /** The floor's alternating blocks, each of {@code MEASURED_CALLS / BLOCKS} calls per side. */
  private static final int BLOCKS = 10;
  private static final int WARMUP_BLOCKS = 6;

  private HardenedCallBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "off";
    Path home = Path.of(args.length > 1 ? args[1] : "distribution/target/gateway").toAbsolutePath().normalize();
    if (mode.equals("floor")) {
      floor(home);
      return;
    }
    SecurityPosture.Requested security = SecurityPosture.Requested.valueOf(mode);
    List<Long> times = measure(home, security);
    System.out.printf(Locale.ROOT, "hardened %-3s calls %d median %.2f µs p90 %.2f µs%n", security, times.size(),
        Stats.median(times) / 1000.0, Stats.p90(times) / 1000.0);
  }

  /** Blocks of calls with and without the security manager, alternating; then the one check left per call. */
  @SuppressWarnings("removal") // what is measured is the security manager of Java 17
  private static void floor(Path home) throws Exception {
    Path data = Files.createTempDirectory("tyrum-hardened-floor-");
    InProcessGateway gateway = InProcessGateway.start(home, data.resolve("data"), SecurityPosture.Requested.on);
    SecurityManager manager = System.getSecurityManager();
    try {
      Object invoker = gateway.context().getService(InProcessGateway.reference(gateway.context(), "ai.tyrum.gateway.core.invoke.ToolInvoker"));
      Method invoke = invoker.getClass().getMethod("invoke", String.class, String.class, String.class, String.class, Optional.class);
      List<Long> with = new ArrayList<>();
      List<Long> without = new ArrayList<>();
      for (int block = 0; block < BLOCKS + WARMUP_BLOCKS; block++) {
        System.setSecurityManager(manager);
        List<Long> on = timeCalls(invoker, invoke, MEASURED_CALLS / BLOCKS);
        System.setSecurityManager(null);
        List<Long> off = timeCalls(invoker, invoke, MEASURED_CALLS / BLOCKS);
        if (block >= WARMUP_BLOCKS) {
          with.addAll(on);
          without.addAll(off);
        }
      }
      System.setSecurityManager(manager);
      Bundle core = Arrays.stream(gateway.context().getBundles())
          .filter(b -> "gateway.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
      // the class EventAdmin's decorator makes it of: the benchmark's class path has no org.osgi.service.event
      Bundle eventAdmin = Arrays.stream(gateway.context().getBundles())
          .filter(b -> "org.apache.felix.eventadmin".equals(b.getSymbolicName())).findFirst().orElseThrow();
      Permission publish = (Permission) eventAdmin.loadClass("org.osgi.service.event.TopicPermission")
          .getConstructor(String.class, String.class).newInstance("tyrum/plugin_tool/invoked", "publish");
      List<Long> checks = new ArrayList<>(MEASURED_CALLS);
      for (int i = 0; i < WARMUP_CALLS + MEASURED_CALLS; i++) {
        long start = System.nanoTime();
        boolean held = core.hasPermission(publish);
        long took = System.nanoTime() - start;
        if (!held) {
          throw new IllegalStateException("gateway.core does not hold " + publish);
        }
        if (i >= WARMUP_CALLS) {
          checks.add(took);
        }
      }
      System.out.printf(Locale.ROOT, "floor with the security manager calls %d median %.2f µs p90 %.2f µs%n",
          with.size(), Stats.median(with) / 1000.0, Stats.p90(with) / 1000.0);
      System.out.printf(Locale.ROOT, "floor without it (same JVM) calls %d median %.2f µs p90 %.2f µs; ratio of medians %.2f%n",
          without.size(), Stats.median(without) / 1000.0, Stats.p90(without) / 1000.0, Stats.median(with) / Stats.median(without));
      System.out.printf(Locale.ROOT, "floor gateway.core hasPermission(TopicPermission publish) checks %d median %.2f µs p90 %.2f µs%n",
          checks.size(), Stats.median(checks) / 1000.0, Stats.p90(checks) / 1000.0);
    } finally {
      System.setSecurityManager(manager);
      gateway.gateway().stop();
      Directories.delete(data);
    }
  }

  private static List<Long> timeCalls(Object invoker, Method invoke, int calls) throws Exception {
    List<Long> times = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      invoke.invoke(invoker, "default", "console", TOOL, INPUT, Optional.empty());
      times.add(System.nanoTime() - start);
    }
    return times;
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
