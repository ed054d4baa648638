package ai.tyrum.gateway.launcher.runset;

import org.osgi.framework.Bundle;

/**
 * A bundle of the gateway's run set that is not ACTIVE while the framework runs at its start level: the
 * operator stopped or uninstalled it (by its id at the console), or it failed.
 *
 * @param state a {@link Bundle} state, such as {@link Bundle#RESOLVED} for a stopped bundle
 */
record NotActive(String symbolicName, long id, int state) {

  static NotActive of(Bundle bundle) {
    return new NotActive(String.valueOf(bundle.getSymbolicName()), bundle.getBundleId(), bundle.getState());
  }

  boolean uninstalled() {
    return state == Bundle.UNINSTALLED;
  }

  /** What brings it back: a stopped bundle starts again; an uninstalled one is installed again only by a restart. */
  String recovery() {
    return uninstalled()
        ? "restart the gateway (stop it with exit, or stop 0, and start bin/gateway again): it installs its bundles again"
        : "run felix:start " + id;
  }

  /** One detail of {@code /healthz}'s {@code run_set_degraded}. */
  String detail() {
    return symbolicName + " (bundle " + id + ") is " + stateName() + ": " + recovery();
  }

  /** The console line printed when the bundle leaves ACTIVE. */
  String warning() {
    return uninstalled()
        ? "warning: gateway bundle " + symbolicName + " (" + id + ") was uninstalled: felix:start cannot bring it back,"
            + " the gateway cannot serve fully until it restarts; stop it (exit, or stop 0) and start bin/gateway again"
        : "warning: gateway bundle " + symbolicName + " (" + id + ") was stopped: the gateway cannot serve fully"
            + " until it runs again; run felix:start " + id;
  }

  String stateName() {
    return switch (state) {
      case Bundle.INSTALLED -> "INSTALLED";
      case Bundle.RESOLVED -> "RESOLVED (stopped)";
      case Bundle.STARTING -> "STARTING";
      case Bundle.STOPPING -> "STOPPING";
      case Bundle.ACTIVE -> "ACTIVE";
      case Bundle.UNINSTALLED -> "UNINSTALLED";
      default -> String.valueOf(state);
    };
  }
}
