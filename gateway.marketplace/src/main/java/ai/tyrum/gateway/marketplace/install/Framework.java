package ai.tyrum.gateway.marketplace.install;

import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/** The framework operations of the pipeline: install from verified bytes, update, uninstall, refresh. */
final class Framework {

  /** Where the pipeline installs plugin {@code id}; the id alone, so that an upgrade keeps the location. */
  static final String LOCATION_PREFIX = "tyrum:plugin:";

  /** Run-set bundles: installed by the launcher from the distribution. */
  static final String RUN_SET_PREFIX = "tyrum:bundles/";

  private static final long REFRESH_SECONDS = 30;

  private final BundleContext context;

  Framework(BundleContext context) {
    this.context = context;
  }

  static String location(String id) {
    return LOCATION_PREFIX + id;
  }

  Optional<Bundle> at(String location) {
    return Optional.ofNullable(context.getBundle(location));
  }

  /** The bundle that declares plugin id {@code id}, wherever it was installed from. */
  Optional<Bundle> declaring(String id) {
    for (Bundle bundle : context.getBundles()) {
      if (id.equals(pluginId(bundle).orElse(null))) {
        return Optional.of(bundle);
      }
    }
    return Optional.empty();
  }

  /** The plugin id a bundle's manifest declares, valid or not. */
  static Optional<String> pluginId(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    if (revision == null) {
      return Optional.empty();
    }
    return revision.getDeclaredCapabilities("tyrum.plugin").stream()
        .map(c -> c.getAttributes().get("tyrum.plugin"))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .findFirst();
  }

  static boolean runSet(Bundle bundle) {
    return bundle.getBundleId() == 0 || bundle.getLocation().startsWith(RUN_SET_PREFIX);
  }

  /** Every bundle that is not the framework's or the run set's. */
  List<Bundle> others() {
    return List.of(context.getBundles()).stream().filter(b -> !runSet(b)).toList();
  }

  Bundle install(String location, byte[] bytes) throws BundleException {
    return context.installBundle(location, new ByteArrayInputStream(bytes));
  }

  /** Replaces the bundle's bytes and refreshes it, so that the new revision is the one that resolves. */
  void update(Bundle bundle, byte[] bytes) throws BundleException {
    bundle.update(new ByteArrayInputStream(bytes));
    refresh(List.of(bundle));
  }

  /** Uninstalls and refreshes; false when the refresh did not finish within its wait. */
  boolean uninstall(Bundle bundle) throws BundleException {
    if (bundle.getState() != Bundle.UNINSTALLED) {
      bundle.uninstall();
    }
    return refresh(List.of(bundle));
  }

  /** Resolves and starts; a failure is the answer, not an exception. */
  Optional<String> start(Bundle bundle) {
    try {
      if (bundle.getState() == Bundle.INSTALLED) {
        context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundle));
      }
      bundle.start();
      return bundle.getState() == Bundle.ACTIVE ? Optional.empty() : Optional.of("the bundle is " + state(bundle));
    } catch (BundleException | IllegalStateException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Resolves {@code bundles} in one resolve operation: each operation asks the resolver hooks about every
   * unresolved bundle, so resolving a thousand plugins one by one asked a million questions.
   */
  void resolve(Collection<Bundle> bundles) {
    List<Bundle> unresolved = bundles.stream().filter(b -> b.getState() == Bundle.INSTALLED).toList();
    if (!unresolved.isEmpty()) {
      context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(unresolved);
    }
  }

  /**
   * Waits (bounded) until the framework has started, that is, reached its beginning start level: at the
   * gateway's start the marketplace checks the plugins while the framework is still below their level,
   * where starting a bundle only marks it to be started later.
   */
  boolean awaitFrameworkStarted() {
    Bundle system = context.getBundle(0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REFRESH_SECONDS);
    while (system.getState() != Bundle.ACTIVE) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  void stop(Bundle bundle) {
    try {
      if (bundle.getState() != Bundle.UNINSTALLED) {
        bundle.stop();
      }
    } catch (BundleException | IllegalStateException e) {
      // a bundle that cannot stop cleanly is stopped anyway; the registry reports what it left
    }
  }

  /** Refreshes {@code bundles} and waits (bounded) for the framework to finish. */
  boolean refresh(Collection<Bundle> bundles) {
    CompletableFuture<Void> refreshed = new CompletableFuture<>();
    context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, e -> refreshed.complete(null));
    try {
      refreshed.get(REFRESH_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  static String state(Bundle bundle) {
    return switch (bundle.getState()) {
      case Bundle.INSTALLED -> "INSTALLED (not resolved)";
      case Bundle.RESOLVED -> "RESOLVED (not started)";
      case Bundle.STARTING -> "STARTING";
      case Bundle.ACTIVE -> "ACTIVE";
      case Bundle.STOPPING -> "STOPPING";
      default -> "UNINSTALLED";
    };
  }
}
