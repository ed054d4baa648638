package ai.tyrum.gateway.benchmarks;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.registry.Contribution;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.spi.GatewayEvents;
import com.networknt.schema.Schema;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * A registry serving one loaded plugin with one tool, without a framework: the extender's reports and
 * the plugin's tool service reach it through the same methods DS and the extender call.
 */
public final class BenchRegistry {

  private BenchRegistry() {}

  public static PluginRegistry serving(
      GatewayEvents events, String pluginId, String toolName, String effect, Tool tool, Schema input, Schema output) {
    PluginRegistry registry = new PluginRegistry(events);
    ToolDecl declaration = new ToolDecl(toolName, effect, "in.json", "out.json", toolName);
    PluginManifest manifest =
        new PluginManifest(pluginId, "1.0.0", "bench." + pluginId, pluginId, "", "config.json", List.of(declaration),
            List.of(), List.of(), List.of(), List.of());
    Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getBundleId" -> 7L;
          case "getLocation" -> "bench:" + pluginId;
          case "getSymbolicName" -> "bench." + pluginId;
          case "getVersion" -> new Version(1, 0, 0);
          case "hashCode" -> 7;
          case "equals" -> proxy == args[0];
          default -> null;
        });
    registry.accepted(bundle, new ValidatedPlugin(manifest,
        Map.of("in.json", PluginSchema.of("in.json", input), "out.json", PluginSchema.of("out.json", output))), false);
    registry.loaded(bundle);
    @SuppressWarnings("unchecked")
    ServiceReference<Tool> reference = (ServiceReference<Tool>) Proxy.newProxyInstance(
        ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getProperty" -> Contribution.tool.nameProperty().equals(args[0]) ? toolName : null;
          case "getBundle" -> bundle;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "compareTo" -> 0;
          default -> null;
        });
    registry.addTool(reference, tool);
    return registry;
  }
}
