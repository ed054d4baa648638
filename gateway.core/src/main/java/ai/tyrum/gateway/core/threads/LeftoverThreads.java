package ai.tyrum.gateway.core.threads;

import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Threads a plugin leaves running once it has stopped (disabled, upgraded or uninstalled): each is
 * reported as {@code plugin.lifecycle} kind {@code leftover_threads}, reason {@code interrupted}, with
 * the threads' names as details, and interrupted. Those still alive a while later are reported again
 * with reason {@code survived_interrupt}: Java 17 cannot stop a thread in-process, so such a thread
 * runs until the gateway restarts; hardened mode limits what it can still reach.
 *
 * <p>The check runs a short grace period after the bundle has stopped, so threads that the plugin's
 * own deactivate method told to end have had time to. Which threads are the plugin's is
 * {@link PluginThreads}' rule; the class loader it needs is taken while the bundle stops, before an
 * uninstall or refresh takes its wiring away.
 */
@Component(immediate = true)
public final class LeftoverThreads implements SynchronousBundleListener {

  /** How long after a plugin has stopped its threads are looked for: time for them to end on their own. */
  static final long GRACE_MS = 200;
  /** How long after the interrupt the threads are looked for again. */
  static final long RECHECK_MS = 2_000;

  private final Plugins plugins;
  private final GatewayEvents events;
  private final BundleContext context;
  private final ScheduledThreadPoolExecutor checks;
  /** Per bundle id: the plugin's class loader and identity, taken while it stops. */
  private final Map<Long, Stopping> stopping = new ConcurrentHashMap<>();

  private record Stopping(Bundle bundle, ClassLoader loader, Map<String, Object> plugin) {}

  @Activate
  public LeftoverThreads(@Reference Plugins plugins, @Reference GatewayEvents events, BundleContext context) {
    this.plugins = plugins;
    this.events = events;
    this.context = context;
    this.checks = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "tyrum-leftover-threads");
      thread.setDaemon(true);
      return thread;
    });
    checks.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    context.addBundleListener(this);
  }

  @Deactivate
  public void deactivate() {
    context.removeBundleListener(this);
    checks.shutdownNow();
  }

  @Override
  public void bundleChanged(BundleEvent event) {
    Bundle bundle = event.getBundle();
    switch (event.getType()) {
      case BundleEvent.STOPPING -> noteStopping(bundle);
      case BundleEvent.STOPPED -> {
        Stopping stopped = stopping.remove(bundle.getBundleId());
        if (stopped != null && !frameworkStopping()) {
          schedule(() -> check(stopped), GRACE_MS);
        }
      }
      default -> {
        // other transitions leave the plugin's threads as they are
      }
    }
  }

  private void noteStopping(Bundle bundle) {
    Optional<PluginRecord> plugin = plugins.plugin(bundle.getBundleId());
    BundleWiring wiring = bundle.adapt(BundleWiring.class);
    if (plugin.isPresent() && wiring != null && wiring.getClassLoader() != null) {
      stopping.put(bundle.getBundleId(), new Stopping(bundle, wiring.getClassLoader(), plugin.get().eventIdentity()));
    }
  }

  private boolean frameworkStopping() {
    Bundle system = context.getBundle(0);
    return system == null || system.getState() == Bundle.STOPPING;
  }

  private void schedule(Runnable check, long delayMs) {
    try {
      checks.schedule(check, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // the gateway is stopping: its threads end with it
    }
  }

  private void check(Stopping stopped) {
    if (startedAgain(stopped)) {
      return;
    }
    List<Thread> left = find(stopped);
    if (left.isEmpty()) {
      return;
    }
    left.forEach(Thread::interrupt);
    report(stopped, "interrupted", left);
    schedule(() -> {
      if (startedAgain(stopped)) {
        return;
      }
      List<Thread> survivors = find(stopped).stream().filter(left::contains).toList();
      if (!survivors.isEmpty()) {
        report(stopped, "survived_interrupt", survivors);
      }
    }, RECHECK_MS);
  }

  /**
   * Whether the plugin runs again (an enable right after a disable) with the same class loader: the
   * threads that carry it are then its calls, not leftovers.
   */
  private static boolean startedAgain(Stopping stopped) {
    return (stopped.bundle().getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
  }

  private static List<Thread> find(Stopping stopped) {
    return PluginThreads.of(stopped.loader(), Thread.getAllStackTraces(), Set.of(Thread.currentThread()));
  }

  private void report(Stopping stopped, String reason, List<Thread> threads) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", stopped.plugin());
    payload.put("kind", "leftover_threads");
    payload.put("reason", reason);
    payload.put("details", threads.stream().map(Thread::getName).toList());
    events.record("plugin.lifecycle", payload);
  }
}
