package ai.tyrum.gateway.core.extender;

import ai.tyrum.gateway.core.registry.PluginLifecycle;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Fails a plugin whose DS component could not activate ({@value #COMPONENT_FAILED}): its constructor or
 * activate method threw. SCR records such a failure only in its runtime DTOs (DS 1.4, 112.12.3,
 * {@code FAILED_ACTIVATION} with the failure text) and announces a change of any component by raising the
 * {@code service.changecount} property of {@link ServiceComponentRuntime} (Felix SCR after
 * {@code ds.service.changecount.timeout} ms): on each raise, the DTOs of the plugins not already failed are
 * read, and every failed configuration reported with its component's name and the exception's message.
 *
 * <p>The DTOs are read in one pass over all components, and not while the framework starts: SCR raises the
 * count many times while a thousand plugins come up, and a pass per plugin per raise grew with the square
 * of the plugins. The framework's {@code STARTED} event brings one pass for all of them. After that, a raise
 * reads the plugins whose state changed since the last pass (a plugin installed, loaded or failed), and
 * the whole pass runs at most every {@value #FULL_PASS_SECONDS} s (a component of an unchanged plugin that
 * fails when its tool is first called, or when its config changes, is found by it): reading ten thousand
 * components at each raise made one more install into a gateway of a thousand plugins twice as slow.
 */
@Component(immediate = true, service = {})
public final class ComponentFailures {

  /** The reason a plugin is failed for a component that could not activate. */
  public static final String COMPONENT_FAILED = "component_failed";
  static final long FULL_PASS_SECONDS = 2;

  private final Plugins registry;
  private final PluginLifecycle lifecycle;
  private final BundleContext context;
  private final FrameworkListener started = event -> {
    if (event.getType() == FrameworkEvent.STARTED) {
      check();
    }
  };
  private volatile ServiceComponentRuntime runtime;
  private final Map<Long, PluginRecord> seen = new HashMap<>();
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "tyrum-component-failures");
    thread.setDaemon(true);
    return thread;
  });
  private long lastFullPass;
  private boolean fullPassDue = true;
  private boolean fullPassScheduled;

  @Activate
  public ComponentFailures(@Reference Plugins registry, @Reference PluginLifecycle lifecycle, BundleContext context) {
    this.registry = registry;
    this.lifecycle = lifecycle;
    this.context = context;
    context.addFrameworkListener(started);
  }

  @Deactivate
  void deactivate() {
    context.removeFrameworkListener(started);
    later.shutdownNow();
  }

  /** Bound once the component is constructed: reads the plugins present then. */
  @Reference(updated = "updatedRuntime")
  void setRuntime(ServiceComponentRuntime runtime) {
    this.runtime = runtime;
    check();
  }

  /** SCR raised its {@code service.changecount}: some component changed state. */
  void updatedRuntime(ServiceComponentRuntime runtime) {
    check();
  }

  private synchronized void check() {
    ServiceComponentRuntime scr = runtime;
    if (scr == null || context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() != Bundle.ACTIVE) {
      return; // the STARTED event brings the first pass
    }
    long now = System.nanoTime();
    boolean full = fullPassDue || now - lastFullPass >= TimeUnit.SECONDS.toNanos(FULL_PASS_SECONDS);
    Map<Long, Bundle> running = new HashMap<>();
    Map<Long, PluginRecord> current = new HashMap<>();
    for (PluginRecord plugin : registry.plugins()) {
      current.put(plugin.bundleId(), plugin);
      if (plugin.state() == PluginState.failed || !full && seen.get(plugin.bundleId()) == plugin) {
        continue;
      }
      Bundle bundle = context.getBundle(plugin.bundleId());
      if (bundle != null && (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
        running.put(bundle.getBundleId(), bundle);
      }
    }
    seen.clear();
    seen.putAll(current);
    if (full) {
      lastFullPass = now;
      fullPassDue = false;
    } else if (!fullPassScheduled) {
      long wait = TimeUnit.SECONDS.toNanos(FULL_PASS_SECONDS) - (now - lastFullPass);
      try {
        later.schedule(this::scheduledPass, wait, TimeUnit.NANOSECONDS);
        fullPassScheduled = true;
      } catch (RejectedExecutionException stopping) {
        // deactivated: no pass is due any more
      }
    }
    if (running.isEmpty()) {
      return;
    }
    Map<Long, List<String>> failures = new TreeMap<>();
    Collection<ComponentDescriptionDTO> descriptions = full
        ? scr.getComponentDescriptionDTOs()
        : scr.getComponentDescriptionDTOs(running.values().toArray(new Bundle[0]));
    for (ComponentDescriptionDTO description : descriptions) {
      if (description.bundle == null || !running.containsKey(description.bundle.id)) {
        continue;
      }
      for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
        if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
          failures.computeIfAbsent(description.bundle.id, id -> new ArrayList<>())
              .add("component " + description.name + " failed to activate: " + firstLine(configuration.failure)
                  + "; fix the component's constructor or activate method");
        }
      }
    }
    failures.forEach((bundleId, failed) -> lifecycle.failedAtRuntime(running.get(bundleId), COMPONENT_FAILED, failed));
  }

  private void scheduledPass() {
    synchronized (this) {
      fullPassScheduled = false;
      fullPassDue = true;
    }
    check();
  }

  /**
   * The line of SCR's failure text that says what went wrong, never the stack trace under it: the root
   * cause's own line (a constructor's exception arrives wrapped in an InvocationTargetException).
   */
  static String firstLine(String failure) {
    if (failure == null || failure.isBlank()) {
      return "no reason given";
    }
    List<String> lines = failure.strip().lines().map(String::strip).toList();
    String cause = lines.get(0);
    for (String line : lines) {
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length());
      }
    }
    return cause;
  }
}
