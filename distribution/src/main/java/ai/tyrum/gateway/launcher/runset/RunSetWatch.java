package ai.tyrum.gateway.launcher.runset;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Watches the bundles of the gateway's run set once the gateway is ready. When one is stopped or
 * uninstalled (at the console, a bundle id is one typo away from another), it prints a warning at once
 * naming the bundle and how to recover, and {@code GET /healthz} answers 503 {@code run_set_degraded}
 * until every one is ACTIVE again (see {@link HealthEndpoint}).
 *
 * <p>A synchronous listener: the warning is printed on the thread that stopped the bundle, so at the
 * console it comes with the command's output, before the next prompt. The framework's own start and
 * stop, and a bundle above the framework's start level, are no cause for a warning.
 */
public final class RunSetWatch implements SynchronousBundleListener {

  private final BundleContext system;
  private final Map<Long, Bundle> runSet = new LinkedHashMap<>();
  private final PrintStream console;
  private final HealthEndpoint health;

  private RunSetWatch(BundleContext system, Collection<Bundle> runSet, PrintStream console) {
    this.system = system;
    for (Bundle bundle : runSet) {
      if (!isFragment(bundle)) {
        this.runSet.put(bundle.getBundleId(), bundle);
      }
    }
    this.console = console;
    this.health = new HealthEndpoint(system, this::answer);
  }

  /**
   * Starts watching {@code runSet}, the bundles the launcher installed from the distribution's
   * {@code bundles/}; warnings go to {@code console}.
   */
  public static void start(BundleContext system, Collection<Bundle> runSet, PrintStream console) {
    RunSetWatch watch = new RunSetWatch(system, runSet, console);
    system.addBundleListener(watch);
    watch.update();
  }

  @Override
  public void bundleChanged(BundleEvent event) {
    int type = event.getType();
    boolean leftOrCameBack = type == BundleEvent.STOPPED || type == BundleEvent.UNINSTALLED || type == BundleEvent.STARTED;
    if (!leftOrCameBack || !runSet.containsKey(event.getBundle().getBundleId()) || !frameworkActive()) {
      return;
    }
    if (type == BundleEvent.UNINSTALLED || type == BundleEvent.STOPPED && stoppedForGood(event.getBundle())) {
      console.println(NotActive.of(event.getBundle()).warning());
      console.flush();
    }
    update();
  }

  /**
   * Whether a stop marks the bundle stopped, as {@code felix:stop} (and, first, {@code felix:uninstall}) do,
   * rather than the transient stop of an update or a refresh, which start the bundle again.
   */
  private static boolean stoppedForGood(Bundle bundle) {
    BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
    return level != null && !level.isPersistentlyStarted();
  }

  /** The bundles of the run set that should be ACTIVE at the framework's start level and are not. */
  List<NotActive> notActive() {
    int level = system.getBundle().adapt(FrameworkStartLevel.class).getStartLevel();
    List<NotActive> found = new ArrayList<>();
    for (Bundle bundle : runSet.values()) {
      int state = bundle.getState();
      if (state == Bundle.UNINSTALLED || (state != Bundle.ACTIVE && due(bundle, level))) {
        found.add(NotActive.of(bundle));
      }
    }
    return found;
  }

  private HealthAnswer answer() {
    List<NotActive> bundles = notActive();
    return bundles.isEmpty() ? HealthAnswer.ok() : HealthAnswer.degraded(bundles);
  }

  /** Serves {@code /healthz} from the launcher while a bundle is not active, and leaves it to gateway.core otherwise. */
  private synchronized void update() {
    if (notActive().isEmpty()) {
      health.hide();
      return;
    }
    try {
      health.show();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // a listener must not throw; the warning above has told the operator already
      console.println("warning: the launcher cannot answer GET /healthz with the gateway's state: " + e);
    }
  }

  private boolean frameworkActive() {
    return system.getBundle().getState() == Bundle.ACTIVE;
  }

  private static boolean due(Bundle bundle, int frameworkLevel) {
    BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
    return level != null && level.getStartLevel() <= frameworkLevel;
  }

  private static boolean isFragment(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
  }
}
