package ai.tyrum.gateway.core.extender;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The packages a plugin may not export: those the system bundle exports and those of every bundle of the
 * gateway's run set, which the launcher installs at {@value #LOCATION_PREFIX}{@code <file>}. Read from the
 * framework each time it is asked, so that it follows what is installed.
 */
final class RunSetExports implements Supplier<Set<String>> {

  /** Where the launcher installs the run set's bundles (and the test harness its part of it). */
  static final String LOCATION_PREFIX = "tyrum:bundles/";

  private final BundleContext context;

  RunSetExports(BundleContext context) {
    this.context = context;
  }

  @Override
  public Set<String> get() {
    Set<String> packages = new HashSet<>();
    for (Bundle bundle : context.getBundles()) {
      if (bundle.getBundleId() != Constants.SYSTEM_BUNDLE_ID && !bundle.getLocation().startsWith(LOCATION_PREFIX)) {
        continue;
      }
      BundleRevision revision = bundle.adapt(BundleRevision.class);
      if (revision == null || !revision.getDeclaredCapabilities("tyrum.plugin").isEmpty()) {
        continue;
      }
      for (BundleCapability export : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
        if (export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE) instanceof String name) {
          packages.add(name);
        }
      }
    }
    return packages;
  }
}
