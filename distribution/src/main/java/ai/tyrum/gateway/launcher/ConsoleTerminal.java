package ai.tyrum.gateway.launcher;

import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Lets Gogo's console find JLine's terminal providers, so that a real terminal gets line editing.
 *
 * <p>JLine (since 3.22) loads its terminal providers (exec, jni, ...) by name through the thread context
 * class loader ({@code TerminalProvider.load}). The console bundle builds its terminal in its activator,
 * on the framework's start-level thread, whose context class loader is the launcher's class path, where
 * JLine is not: every provider would fail, and JLine would fall back to a dumb terminal and warn "Unable
 * to create a system terminal". While the console bundle starts, that thread's context class loader is
 * the one of the bundle that JLine's terminal package is wired from.
 *
 * <p>The console's own thread, which the activator starts, inherits that class loader for its life.
 */
final class ConsoleTerminal implements SynchronousBundleListener {
  private static final String TERMINAL_PACKAGE = "org.jline.terminal";

  private final ThreadLocal<ClassLoader> replaced = new ThreadLocal<>();

  @Override
  public void bundleChanged(BundleEvent event) {
    Bundle bundle = event.getBundle();
    if (!RunBundles.CONSOLE_BSN.equals(bundle.getSymbolicName())) {
      return;
    }
    Thread thread = Thread.currentThread();
    switch (event.getType()) {
      // STARTING reaches synchronous listeners before the activator runs, STARTED or STOPPED after it
      case BundleEvent.STARTING -> jline(bundle).ifPresent(loader -> {
        replaced.set(thread.getContextClassLoader());
        thread.setContextClassLoader(loader);
      });
      case BundleEvent.STARTED, BundleEvent.STOPPED -> {
        ClassLoader previous = replaced.get();
        if (previous != null) {
          thread.setContextClassLoader(previous);
          replaced.remove();
        }
      }
      default -> {
        // other events leave the thread alone
      }
    }
  }

  /** The class loader of the bundle the console imports JLine's terminal package from. */
  static Optional<ClassLoader> jline(Bundle console) {
    BundleWiring wiring = console.adapt(BundleWiring.class);
    if (wiring == null) {
      return Optional.empty();
    }
    for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
      Object name = wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
      if (TERMINAL_PACKAGE.equals(name) && wire.getProviderWiring() != null) {
        return Optional.ofNullable(wire.getProviderWiring().getClassLoader());
      }
    }
    return Optional.empty();
  }
}
