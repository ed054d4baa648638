package ai.tyrum.gateway.core.guard;

import ai.tyrum.gateway.core.registry.PluginLifecycle;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Records each service a plugin may not register as a {@code plugin.lifecycle} {@code failed} event
 * naming the service's types, and fails the plugin, as an undeclared tool always has: an operator
 * approved what the manifest declares, and a plugin that tries to offer more is not served at all.
 *
 * <p>A framework hook is worse: the framework calls hooks directly, not through lookups the guard can
 * filter, and nobody can unregister another bundle's service. A plugin that registers one is stopped
 * (transiently: it stays installed, failed, for the operator to inspect or uninstall).
 */
final class Refusals {

  private static final System.Logger LOG = System.getLogger(Refusals.class.getName());

  private final PluginLifecycle lifecycle;

  Refusals(PluginLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** A plugin registered a service; called once per registration. */
  void registered(Bundle plugin, BundleKind kind, ServiceReference<?> service) {
    Optional<String> reason = ServiceRules.refusal(kind, service, type -> BundleKinds.ownType(plugin, type));
    if (reason.isEmpty()) {
      return;
    }
    String types = String.join(", ", ServiceRules.types(service));
    boolean hook = ServiceRules.frameworkHook(service);
    String detail =
        reason.get().equals(ServiceRules.UNDECLARED_CONTRIBUTION)
            ? "the plugin registered service " + service.getProperty(Constants.SERVICE_ID) + " of type " + types + " " + named(service)
                + " that its manifest does not declare; declare it with " + annotation(service)
            : "the plugin registered service " + service.getProperty(Constants.SERVICE_ID) + " of type " + types
                + ", which plugins may not offer: a plugin"
                + " contributes only the tools, slash commands and routes its manifest declares; the service"
                + " is hidden from the gateway and every other bundle"
                + (hook ? ", and as a framework hook it cannot be hidden from the framework: the plugin was stopped" : "");
    lifecycle.failedAtRuntime(plugin, reason.get(), List.of(detail));
    if (hook) {
      stop(plugin);
    }
  }

  private static String named(ServiceReference<?> service) {
    for (String property : List.of(ServiceRules.TOOL_NAME, ServiceRules.COMMAND_NAME, ServiceRules.ROUTE_PATH)) {
      if (service.getProperty(property) instanceof String name) {
        return "named \"" + name + "\"";
      }
    }
    return "without a name";
  }

  private static String annotation(ServiceReference<?> service) {
    for (String type : ServiceRules.types(service)) {
      switch (type) {
        case ServiceRules.TOOL -> { return "@ProvideTool"; }
        case ServiceRules.COMMAND -> { return "@ProvideCommand"; }
        case ServiceRules.ROUTE -> { return "@ProvideRoute"; }
        default -> {}
      }
    }
    return "@ProvideTool, @ProvideCommand or @ProvideRoute";
  }

  /** Stopped on a thread of its own: the plugin is still inside its registerService call. */
  private static void stop(Bundle plugin) {
    Thread stopper = new Thread(() -> {
      try {
        plugin.stop(Bundle.STOP_TRANSIENT);
      } catch (BundleException | IllegalStateException e) {
        LOG.log(System.Logger.Level.WARNING, "could not stop plugin bundle " + plugin.getSymbolicName()
            + " that registered a framework hook: " + e.getMessage());
      }
    }, "tyrum-guard-stop-" + plugin.getBundleId());
    stopper.setDaemon(true);
    stopper.start();
  }
}
