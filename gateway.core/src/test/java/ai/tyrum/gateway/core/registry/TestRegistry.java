package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import tools.jackson.databind.json.JsonMapper;

/** A registry serving tools of one loaded plugin, without a framework: for tests of the call path. */
public final class TestRegistry {

  private static final Schemas SCHEMAS = new Schemas();

  public final PluginRegistry registry;
  private final Bundle bundle;
  private final PluginManifest manifest;
  private final Map<String, PluginSchema> schemas;

  /**
   * A plugin {@code id} whose tools all take and give the schemas given, holding {@code permissions}.
   */
  public TestRegistry(GatewayEvents events, String id, String inputSchema, String outputSchema,
      List<ToolDecl> tools, List<PermissionDecl> permissions) {
    registry = new PluginRegistry(events);
    JsonMapper json = Json.MAPPER;
    schemas = Map.of("in.json", PluginSchema.of("in.json", SCHEMAS.compile(json.readTree(inputSchema))),
        "out.json", PluginSchema.of("out.json", SCHEMAS.compile(json.readTree(outputSchema))));
    manifest = new PluginManifest(id, "1.0.0", "test." + id, id, "", "config.json", tools, List.of(), List.of(), List.of(), permissions);
    bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getBundleId" -> 42L;
          case "getLocation" -> "test:" + id;
          case "getSymbolicName" -> "test." + id;
          case "getVersion" -> new Version(1, 0, 0);
          case "hashCode" -> 42;
          case "equals" -> proxy == args[0];
          default -> null;
        });
    registry.accepted(bundle, new ValidatedPlugin(manifest, schemas), false);
    registry.loaded(bundle);
  }

  /** The plugin's bundle, as the framework would hand it to a bundle-scoped host service. */
  public Bundle bundle() {
    return bundle;
  }

  /** A tool declaration over the plugin's {@code in.json} and {@code out.json}. */
  public static ToolDecl tool(String name, String effect) {
    return new ToolDecl(name, effect, "in.json", "out.json", name);
  }

  /** Registers {@code service} as the plugin's tool {@code name}, as its DS component would. */
  public void serve(String name, Tool service) {
    @SuppressWarnings("unchecked")
    ServiceReference<Tool> reference = (ServiceReference<Tool>) Proxy.newProxyInstance(
        ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getProperty" -> Contribution.tool.nameProperty().equals(args[0]) ? name : null;
          case "getBundle" -> bundle;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "compareTo" -> 0;
          default -> null;
        });
    registry.addTool(reference, service);
  }
}
