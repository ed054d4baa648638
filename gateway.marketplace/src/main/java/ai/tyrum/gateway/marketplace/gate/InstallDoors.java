package ai.tyrum.gateway.marketplace.gate;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Sees every bundle installed by anything but the marketplace itself, in the installing thread (so a
 * {@code felix:install} at the console learns at once what became of it): one installed by the
 * framework's own context or the console's commands is an operator's local install, to be verified;
 * one installed by any other bundle (a plugin calling {@code installBundle}) never resolves.
 */
public final class InstallDoors implements SynchronousBundleListener {

  private final Bundle self;
  private final Consumer<Bundle> console;
  private final BiConsumer<Bundle, Bundle> byBundle;
  private final Consumer<Bundle> uninstalled;

  /**
   * @param console called with a bundle an operator installed
   * @param byBundle called with a bundle and the bundle that installed it
   * @param uninstalled called with every bundle uninstalled, by whatever door
   */
  public InstallDoors(Bundle self, Consumer<Bundle> console, BiConsumer<Bundle, Bundle> byBundle, Consumer<Bundle> uninstalled) {
    this.self = self;
    this.console = console;
    this.byBundle = byBundle;
    this.uninstalled = uninstalled;
  }

  @Override
  public void bundleChanged(BundleEvent event) {
    if (event.getType() == BundleEvent.UNINSTALLED) {
      uninstalled.accept(event.getBundle());
      return;
    }
    if (event.getType() != BundleEvent.INSTALLED) {
      return;
    }
    Bundle origin = event.getOrigin();
    Bundle bundle = event.getBundle();
    if (origin == null || origin.equals(self) || bundle.equals(self)) {
      return;
    }
    if (operator(origin)) {
      console.accept(bundle);
    } else {
      byBundle.accept(bundle, origin);
    }
  }

  /** The framework's own context (the launcher, an embedding test) and the console's commands. */
  static boolean operator(Bundle origin) {
    if (origin.getBundleId() == 0) {
      return true;
    }
    String bsn = origin.getSymbolicName();
    return origin.getLocation().startsWith("tyrum:bundles/") && bsn != null && bsn.startsWith("org.apache.felix.gogo.");
  }
}
