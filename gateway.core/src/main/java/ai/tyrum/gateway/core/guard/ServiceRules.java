package ai.tyrum.gateway.core.guard;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The service guard's rules (in the manner of Karaf's service guard, apart from its hooks): which
 * bundle may see which service, and which service a plugin may not register at all. Deny what is not
 * listed:
 *
 * <ul>
 *   <li>a bundle always sees its own services;
 *   <li>a plugin sees no other plugin's services, and of the rest only the host services meant for
 *       plugins ({@link #meantForPlugins});
 *   <li>any other bundle (the gateway, SCR, Felix HTTP, EventAdmin, ConfigAdmin, Gogo, the framework)
 *       sees a plugin's service only when it is a contribution the plugin's manifest declares
 *       ({@link #declaredContribution}): a plugin's servlet, filter, event handler, shell command or
 *       hook reaches nobody. The gateway's own bundles also see a tool, command or route the manifest
 *       does not declare, for the registry to refuse ({@link #onlyContributionTypes}).
 * </ul>
 *
 * <p>Pure: callers pass what they know of both bundles, and the reference only gives its properties.
 */
final class ServiceRules {

  static final String TOOL = "ai.tyrum.gateway.api.Tool";
  static final String COMMAND = "ai.tyrum.gateway.api.SlashCommand";
  static final String ROUTE = "ai.tyrum.gateway.api.RpcRoute";
  static final String TOOL_NAME = "tyrum.tool.name";
  static final String COMMAND_NAME = "tyrum.command.name";
  static final String ROUTE_PATH = "tyrum.route.path";

  /** The package of the plugin API: what the gateway registers under its types is meant for plugins. */
  static final String API_PACKAGE = "ai.tyrum.gateway.api";

  /** DS 1.5 adds to every component a reference to the true condition, looked up as the plugin. */
  static final String CONDITION = "org.osgi.service.condition.Condition";
  static final String CONDITION_ID = "osgi.condition.id";
  static final Set<String> LOGGING = Set.of("org.osgi.service.log.LoggerFactory", "org.osgi.service.log.LogService");
  /**
   * Hidden from plugins like the rest, but SCR looks it up with the plugin's bundle context to configure
   * the plugin's components: the find hook lets that one caller have it ({@link ScrCaller}).
   */
  static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
  static final String MANAGED_SERVICE = "org.osgi.service.cm.ManagedService";

  /** The stable reasons of a refused registration ({@code plugin.lifecycle} {@code failed}). */
  static final String UNDECLARED_CONTRIBUTION = "undeclared_contribution";
  static final String UNDECLARED_SERVICE = "undeclared_service";

  private static final String FRAMEWORK_HOOKS = "org.osgi.framework.hooks.";

  private ServiceRules() {}

  /** Whether {@code consumer} may find the service {@code provider} registered, and hear of it. */
  static boolean visible(long consumerId, BundleKind consumer, long providerId, BundleKind provider, ServiceReference<?> service) {
    if (consumerId == providerId) {
      return true;
    }
    if (consumer.isPlugin()) {
      return !provider.isPlugin() && meantForPlugins(provider, service);
    }
    return !provider.isPlugin() || declaredContribution(provider, service)
        || (consumer.kind() == BundleKind.Kind.gateway && onlyContributionTypes(service));
  }

  /**
   * Whether every type the service is registered under is a contribution type: the gateway's registry
   * sees such a service even under a name its plugin did not declare, since it is the registry that
   * judges it (declared, registered by its plugin's own classes, the only registration) and records the
   * refusal with the reason only it can tell apart ({@code foreign_registration} does not fail the plugin
   * whose context was borrowed); it never binds one it refuses.
   */
  static boolean onlyContributionTypes(ServiceReference<?> service) {
    String[] types = types(service);
    if (types.length == 0) {
      return false;
    }
    for (String type : types) {
      if (!isContributionType(type)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The allow-list of host services: every type of the service is a plugin API type registered by the
   * gateway (tools, commands and routes excepted: a plugin calls tools through the gateway), the true
   * condition, or the log service.
   */
  static boolean meantForPlugins(BundleKind provider, ServiceReference<?> service) {
    String[] types = types(service);
    if (types.length == 0 || provider.isPlugin()) {
      return false;
    }
    for (String type : types) {
      boolean allowed =
          type.equals(CONDITION) ? "true".equals(service.getProperty(CONDITION_ID))
              : LOGGING.contains(type) || (provider.kind() == BundleKind.Kind.gateway && hostType(type));
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  private static boolean hostType(String type) {
    return type.length() > API_PACKAGE.length() + 1 && type.startsWith(API_PACKAGE)
        && type.charAt(API_PACKAGE.length()) == '.' && type.indexOf('.', API_PACKAGE.length() + 1) < 0
        && !isContributionType(type);
  }

  /**
   * Whether the service is one the plugin's manifest declares: every type it is registered under is a
   * contribution type, and its name property names a contribution of that type the manifest declares.
   */
  static boolean declaredContribution(BundleKind provider, ServiceReference<?> service) {
    String[] types = types(service);
    if (types.length == 0 || !provider.isPlugin()) {
      return false;
    }
    for (String type : types) {
      Object name;
      Set<String> declared;
      switch (type) {
        case TOOL -> { name = service.getProperty(TOOL_NAME); declared = provider.tools(); }
        case COMMAND -> { name = service.getProperty(COMMAND_NAME); declared = provider.commands(); }
        case ROUTE -> { name = service.getProperty(ROUTE_PATH); declared = provider.routes(); }
        default -> { return false; }
      }
      if (!(name instanceof String s) || !declared.contains(s)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why a plugin may not register this service, if it may not: a contribution type under a name its
   * manifest does not declare ({@value #UNDECLARED_CONTRIBUTION}), or a type of someone else's that
   * offers the service to the gateway or the run set, or a framework hook, whoever defines its type
   * ({@value #UNDECLARED_SERVICE}). A service of a type the plugin defines itself is its own business:
   * hidden from every other bundle, and not refused.
   *
   * @param ownType whether the plugin itself holds the named type's class (and does not import its package)
   */
  static Optional<String> refusal(BundleKind provider, ServiceReference<?> service, Predicate<String> ownType) {
    if (!provider.isPlugin() || declaredContribution(provider, service)) {
      return Optional.empty();
    }
    if (scrMarker(service)) {
      return Optional.empty();
    }
    if (frameworkHook(service)) {
      return Optional.of(UNDECLARED_SERVICE); // whatever defines the type: the framework calls it
    }
    if (onlyContributionTypes(service)) {
      return Optional.empty(); // the registry's to judge and record (see onlyContributionTypes)
    }
    String[] types = types(service);
    for (String type : types) {
      if (isContributionType(type)) {
        return Optional.of(UNDECLARED_CONTRIBUTION);
      }
    }
    for (String type : types) {
      if (!ownType.test(type)) {
        return Optional.of(UNDECLARED_SERVICE);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the service is a framework hook: the framework calls hooks directly, whatever the guard
   * hides, so a plugin that registers one must be stopped.
   */
  static boolean frameworkHook(ServiceReference<?> service) {
    for (String type : types(service)) {
      if (type.startsWith(FRAMEWORK_HOOKS)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the service is ConfigurationAdmin, registered by the run set (see {@link #CONFIGURATION_ADMIN}). */
  static boolean configurationAdmin(BundleKind provider, ServiceReference<?> service) {
    String[] types = types(service);
    return !provider.isPlugin() && types.length == 1 && types[0].equals(CONFIGURATION_ADMIN);
  }

  /**
   * The ManagedService without a PID that Felix SCR registers with the context of each bundle whose
   * components take configuration: it configures nothing (ConfigAdmin delivers only to a PID), so it is
   * hidden like any other, but not the plugin's doing.
   */
  static boolean scrMarker(ServiceReference<?> service) {
    String[] types = types(service);
    return types.length == 1 && types[0].equals(MANAGED_SERVICE) && service.getProperty(Constants.SERVICE_PID) == null;
  }

  static boolean isContributionType(String type) {
    return type.equals(TOOL) || type.equals(COMMAND) || type.equals(ROUTE);
  }

  static String[] types(ServiceReference<?> service) {
    return service.getProperty(Constants.OBJECTCLASS) instanceof String[] types ? types : new String[0];
  }
}
