package ai.tyrum.gateway.core.guard;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * The kind of every bundle, read once per revision from its declared capabilities (no class of it is
 * loaded) and kept until the bundle changes: the hooks ask on every service lookup and event, so a
 * known bundle costs one map read.
 */
final class BundleKinds implements SynchronousBundleListener {

  static final String PLUGIN_NAMESPACE = "tyrum.plugin";
  private static final String GATEWAY_PREFIX = "gateway.";

  // keyed by the bundle object itself: Felix bundles hash by identity, so a read allocates nothing
  private final Map<Bundle, BundleKind> kinds = new ConcurrentHashMap<>();

  BundleKind of(Bundle bundle) {
    BundleKind known = kinds.get(bundle);
    if (known != null) {
      return known;
    }
    BundleKind kind = read(bundle);
    if (bundle.getState() != Bundle.UNINSTALLED) {
      kinds.put(bundle, kind);
    }
    return kind;
  }

  /** A new revision may declare something else: read it again when next asked. */
  @Override
  public void bundleChanged(BundleEvent event) {
    switch (event.getType()) {
      case BundleEvent.INSTALLED, BundleEvent.UPDATED, BundleEvent.UNRESOLVED, BundleEvent.UNINSTALLED ->
          kinds.remove(event.getBundle());
      default -> {}
    }
  }

  static BundleKind read(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    if (revision == null) {
      return BundleKind.RUNTIME;
    }
    if (revision.getDeclaredCapabilities(PLUGIN_NAMESPACE).isEmpty()) {
      String name = bundle.getSymbolicName();
      // only run-set bundles get this far: the resolver gate keeps every other non-plugin bundle unresolved
      return bundle.getBundleId() != 0 && name != null && name.startsWith(GATEWAY_PREFIX)
          ? BundleKind.GATEWAY
          : BundleKind.RUNTIME;
    }
    return BundleKind.plugin(
        names(revision, "tyrum.tool"), names(revision, "tyrum.command"), names(revision, "tyrum.route"));
  }

  private static Set<String> names(BundleRevision revision, String namespace) {
    Set<String> names = new HashSet<>();
    for (BundleCapability capability : revision.getDeclaredCapabilities(namespace)) {
      if (capability.getAttributes().get(namespace) instanceof String name) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Whether the bundle defines the named type itself: it holds the class in its own content and does not
   * import its package (from the framework, the run set or the API). A service registered under a bare
   * name, through a service factory, is not the bundle's own for holding nothing.
   */
  static boolean ownType(Bundle bundle, String type) {
    int dot = type.lastIndexOf('.');
    if (dot < 0 || type.startsWith("java.")) {
      return false;
    }
    String pkg = type.substring(0, dot);
    BundleWiring wiring = bundle.adapt(BundleWiring.class);
    if (wiring == null) {
      return false;
    }
    for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
      if (pkg.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
        return false;
      }
    }
    return !wiring.listResources(
            "/" + pkg.replace('.', '/'), type.substring(dot + 1) + ".class", BundleWiring.LISTRESOURCES_LOCAL)
        .isEmpty();
  }
}
