package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.gateway.benchmarks.InProcessGateway;
import ai.tyrum.gateway.benchmarks.PluginInstallerView;
import ai.tyrum.gateway.benchmarks.Polling;
import ai.tyrum.gateway.benchmarks.Stats;
import ai.tyrum.gateway.benchmarks.ToolCatalogView;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What runs inside a gateway with all the plugins of a size, started in this JVM: the tool catalogue
 * ({@code explainAll} behind {@code GET /tools}, {@code explain} behind {@code tool:explain}), a policy
 * reload (what {@code policy:reload} calls), and a verified install of one more plugin, against the same
 * install into a gateway that holds no plugin.
 */
final class InProcessMeasures {
  static final int EXPLAIN_ALL_CALLS = 20;
  static final int EXPLAIN_CALLS = 200;
  static final int RELOADS = 20;
  static final int INSTALL_CYCLES = 10;
  private static final String AGENT = "default";
  /** Long enough for the policy file watch (150 ms settle) to have reloaded after a write, so that it never races a timed reload. */
  private static final long WATCH_SETTLE_MILLIS = 500;

  /** The figures, medians; times in microseconds. */
  record Figures(int tools, double explainAllMicros, double explainMicros, double reloadUnchangedMicros,
      double reloadChangedMicros, double installMicros, double installEmptyMicros, double uninstallMicros,
      double uninstallEmptyMicros) {}

  private InProcessMeasures() {}

  /**
   * @param full a copy of the size's template, with the extra plugin's catalog among its sources
   * @param empty a fresh data dir whose one source is the extra plugin's catalog
   * @param explained the tool {@code explain} asks about
   */
  static Figures measure(Path home, Path full, Path empty, String explained, String extra) throws Exception {
    InProcessGateway big = InProcessGateway.start(home, full);
    InProcessGateway none = null;
    try {
      none = InProcessGateway.start(home, empty);
      String extraTool = "plugin." + extra + ".t00";
      ToolCatalogView tools = new ToolCatalogView(big.context());
      ToolCatalogView emptyTools = new ToolCatalogView(none.context());
      PluginInstallerView bigInstaller = new PluginInstallerView(big.context(), extra);
      PluginInstallerView emptyInstaller = new PluginInstallerView(none.context(), extra);
      // the empty gateway's first start installed its one catalog's plugin: each cycle begins without it
      emptyInstaller.uninstall();
      Polling.await(() -> emptyTools.gone(extraTool), extra + " to leave the empty gateway");
      if (!tools.gone(extraTool)) {
        throw new IllegalStateException("the full gateway already holds " + extra);
      }

      int toolCount = tools.explainAll(AGENT).size();
      double explainAll = medianMicros(5, EXPLAIN_ALL_CALLS, () -> tools.explainAll(AGENT));
      double explain = medianMicros(50, EXPLAIN_CALLS, () -> tools.explain(explained, AGENT).orElseThrow(
          () -> new IllegalStateException("the catalogue does not know " + explained)));
      PolicyView policy = new PolicyView(big.context());
      double unchanged = medianMicros(3, RELOADS, policy::reload);
      double changed = changedReloads(policy);
      policy.restore();

      List<Long> install = new ArrayList<>();
      List<Long> uninstall = new ArrayList<>();
      List<Long> installEmpty = new ArrayList<>();
      List<Long> uninstallEmpty = new ArrayList<>();
      for (int i = 0; i < 2 + INSTALL_CYCLES; i++) {
        long[] fullTimes = new long[2];
        long[] emptyTimes = new long[2];
        Runnable fullCycle = () -> cycle(bigInstaller, tools, extraTool, "the full gateway", fullTimes);
        Runnable emptyCycle = () -> cycle(emptyInstaller, emptyTools, extraTool, "the empty gateway", emptyTimes);
        if (i % 2 == 0) {
          fullCycle.run();
          emptyCycle.run();
        } else {
          emptyCycle.run();
          fullCycle.run();
        }
        if (i >= 2) {
          install.add(fullTimes[0]);
          uninstall.add(fullTimes[1]);
          installEmpty.add(emptyTimes[0]);
          uninstallEmpty.add(emptyTimes[1]);
        }
      }
      return new Figures(toolCount, explainAll, explain, unchanged, changed, Stats.median(install),
          Stats.median(installEmpty), Stats.median(uninstall), Stats.median(uninstallEmpty));
    } finally {
      big.gateway().stop();
      if (none != null) {
        none.gateway().stop();
      }
    }
  }

  /** Install until the tool is exposed, then uninstall until it is gone; microseconds of each into {@code into}. */
  private static void cycle(PluginInstallerView installer, ToolCatalogView tools, String tool, String where, long[] into) {
    into[0] = Polling.timed(installer::install, () -> tools.exposed(tool), tool + " installed into " + where);
    into[1] = Polling.timed(installer::uninstall, () -> tools.gone(tool), tool + " uninstalled from " + where);
  }

  /** Each reload puts a changed file in force: the allowlist names one tool, then another. */
  private static double changedReloads(PolicyView policy) throws Exception {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 2 + RELOADS; i++) {
      policy.write("version: 1\ntools:\n  allow:\n    - " + (i % 2 == 0 ? "plugin.echo.echo" : "plugin.notes.list_notes") + "\n");
      long start = System.nanoTime();
      boolean changed = policy.reload();
      long elapsed = (System.nanoTime() - start) / 1000;
      if (!changed) {
        throw new IllegalStateException("policy:reload found the policy file unchanged after writing it");
      }
      if (i >= 2) {
        micros.add(elapsed);
      }
      Thread.sleep(WATCH_SETTLE_MILLIS);
    }
    return Stats.median(micros);
  }

  private static double medianMicros(int warmups, int calls, Supplier<?> call) {
    for (int i = 0; i < warmups; i++) {
      call.get();
    }
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      call.get();
      micros.add((System.nanoTime() - start) / 1000);
    }
    return Stats.median(micros);
  }

  /**
   * The policy bundle's {@code PolicyDecider}, which {@code policy:reload} calls, reached by reflection:
   * its types live in the framework. The benchmark's file is {@code policy/deployment.yml}.
   */
  private static final class PolicyView {
    private final Object decider;
    private final Method reload;
    private final Path file;
    private Method changed;

    PolicyView(BundleContext context) throws Exception {
      ServiceReference<?> reference = InProcessGateway.reference(context, "ai.tyrum.gateway.policy.decision.PolicyDecider");
      this.decider = context.getService(reference);
      this.reload = decider.getClass().getMethod("reload");
      this.file = ((Path) decider.getClass().getMethod("directory").invoke(decider)).resolve("deployment.yml");
      if (Files.exists(file)) {
        throw new IllegalStateException(file + " exists: the benchmark's data dir should hold no policy file");
      }
    }

    /** {@code PolicyDecider.reload()}; whether the snapshot changed. */
    boolean reload() {
      try {
        Object outcome = reload.invoke(decider);
        if (changed == null) {
          changed = outcome.getClass().getMethod("changed");
        }
        return (Boolean) changed.invoke(outcome);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("policy reload failed: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    void write(String yaml) throws IOException {
      Files.writeString(file, yaml);
    }

    /** Back to the default policy the plugins were installed under. */
    void restore() throws Exception {
      Files.deleteIfExists(file);
      reload();
      Thread.sleep(WATCH_SETTLE_MILLIS);
    }
  }
}
