package ai.tyrum.gateway.itest;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;

/**
 * What a {@link GatewayFramework.Builder} asked for, kept for {@link GatewayFramework#restart()}.
 *
 * @param optionalBundles the {@link GatewayFramework#OPTIONAL_BUNDLES} to run
 * @param properties framework properties that override the harness's
 * @param services registered as the system bundle before any bundle starts
 * @param examplePlugins example plugins to install before the framework starts, by name
 * @param pluginJars other jars to install before the framework starts
 */
record Composition(
    Set<String> optionalBundles,
    Map<String, String> properties,
    List<Service<?>> services,
    List<String> examplePlugins,
    List<Path> pluginJars) {

  Composition {
    optionalBundles = Set.copyOf(optionalBundles);
    properties = Map.copyOf(properties);
    services = List.copyOf(services);
    examplePlugins = List.copyOf(examplePlugins);
    pluginJars = List.copyOf(pluginJars);
  }

  /** A service of the test's, with its registration properties. */
  record Service<T>(Class<T> type, T service, Map<String, ?> properties) {

    Service {
      properties = Map.copyOf(properties);
    }

    void register(BundleContext context) {
      context.registerService(type, service, new Hashtable<>(properties));
    }
  }
}
