package ai.tyrum.gateway.core.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The state of the gateway's run set as the framework holds it: the bundles the launcher installed at
 * {@value #LOCATION_PREFIX}{@code <file>}, and those of them that should be ACTIVE at the framework's start
 * level and are not. An uninstalled bundle is no longer in the framework, so it is not listed here;
 * {@code GET /healthz}, which the launcher serves then, names it.
 */
final class RunSetState {

  static final String LOCATION_PREFIX = "tyrum:bundles/";

  private RunSetState() {
  }

  /** {@code {"bundles": N, "not_active": [{"bundle","id","state"}]}} */
  static Map<String, Object> of(BundleContext context) {
    int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
    int bundles = 0;
    List<Map<String, Object>> notActive = new ArrayList<>();
    for (Bundle bundle : context.getBundles()) {
      if (!bundle.getLocation().startsWith(LOCATION_PREFIX) || isFragment(bundle)) {
        continue;
      }
      bundles++;
      BundleStartLevel start = bundle.adapt(BundleStartLevel.class);
      if (bundle.getState() != Bundle.ACTIVE && start != null && start.getStartLevel() <= level) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("bundle", String.valueOf(bundle.getSymbolicName()));
        entry.put("id", bundle.getBundleId());
        entry.put("state", stateName(bundle.getState()));
        notActive.add(entry);
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bundles", bundles);
    json.put("not_active", notActive);
    return json;
  }

  private static boolean isFragment(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
  }

  private static String stateName(int state) {
    return switch (state) {
      case Bundle.INSTALLED -> "INSTALLED";
      case Bundle.RESOLVED -> "RESOLVED";
      case Bundle.STARTING -> "STARTING";
      case Bundle.STOPPING -> "STOPPING";
      default -> "UNINSTALLED";
    };
  }
}
