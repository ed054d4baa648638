package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.spi.Permission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.spi.RequestedPermission;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

class LoadedPluginPermissionsTest {

  private final PluginRegistry registry = new PluginRegistry((type, payload) -> 0);
  private final LoadedPluginPermissions permissions = new LoadedPluginPermissions(registry);

  private static PermissionDecl permission(String permission, String target) {
    return new PermissionDecl(Permission.of(permission).orElseThrow(), target, "because");
  }

  private static Bundle bundle(long bundleId, String id, String version) {
    return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getBundleId" -> bundleId;
          case "getLocation" -> "test:" + id;
          case "getSymbolicName" -> "test." + id;
          case "getVersion" -> Version.parseVersion(version);
          case "hashCode" -> (int) bundleId;
          case "equals" -> proxy == args[0];
          default -> null;
        });
  }

  private static ValidatedPlugin plugin(String id, String version, PermissionDecl... requested) {
    PluginManifest manifest = new PluginManifest(id, version, "test." + id, id, "", "config.json",
        List.of(), List.of(), List.of(), List.of(), Arrays.asList(requested));
    return new ValidatedPlugin(manifest, Map.of());
  }

  /** Plugin {@code id} in bundle {@code bundleId}, valid and installed, not loaded. */
  private Bundle install(long bundleId, String id, String version, PermissionDecl... requested) {
    Bundle bundle = bundle(bundleId, id, version);
    registry.accepted(bundle, plugin(id, version, requested), false);
    return bundle;
  }

  private Bundle load(long bundleId, String id, String version, PermissionDecl... requested) {
    Bundle bundle = install(bundleId, id, version, requested);
    registry.loaded(bundle);
    return bundle;
  }

  @Test
  void listsEveryPermissionOfTheLoadedPluginsByPluginIdThenInManifestOrder() {
    load(3, "weather", "1.2.0", permission("network.egress", "class:weather"), permission("secrets.read", "weather/api"));
    load(7, "alpha", "0.1.0", permission("network.egress", "api.example.com:443"), permission("db", "plugin"));
    load(9, "maps", "2.0.0", permission("network.egress", "class:internal_db"));

    assertThat(permissions.loaded()).containsExactly(
        new RequestedPermission("alpha", "0.1.0", "network.egress", "api.example.com:443"),
        new RequestedPermission("alpha", "0.1.0", "db", "plugin"),
        new RequestedPermission("maps", "2.0.0", "network.egress", "class:internal_db"),
        new RequestedPermission("weather", "1.2.0", "network.egress", "class:weather"),
        new RequestedPermission("weather", "1.2.0", "secrets.read", "weather/api"));
  }

  @Test
  void pluginThatIsNotLoadedRequestsNothing() {
    install(3, "installed", "1.0.0", permission("network.egress", "class:a"));
    registry.unloaded(load(4, "stopped", "1.0.0", permission("network.egress", "class:b")));
    registry.refusedConfig(bundle(5, "misconfigured", "1.0.0"),
        plugin("misconfigured", "1.0.0", permission("network.egress", "class:c")), List.of("/x: bad"), false);
    registry.failedAtRuntime(load(6, "broken", "1.0.0", permission("network.egress", "class:d")), "undeclared_contribution", List.of("x"));
    load(7, "running", "1.0.0", permission("network.egress", "class:e"));

    assertThat(registry.plugins()).extracting(PluginRecord::state)
        .containsExactly(PluginState.installed, PluginState.installed, PluginState.failed, PluginState.failed, PluginState.loaded);
    assertThat(permissions.loaded()).extracting(RequestedPermission::pluginId).containsExactly("running");
  }

  @Test
  void noLoadedPluginOrNoPermissionGivesAnEmptyList() {
    assertThat(permissions.loaded()).isEmpty();
    load(3, "echo", "1.0.0");
    assertThat(permissions.loaded()).isEmpty();
  }

  @Test
  void listIsUnmodifiable() {
    load(3, "weather", "1.2.0", permission("network.egress", "class:weather"));
    List<RequestedPermission> loaded = permissions.loaded();
    assertThatThrownBy(() -> loaded.add(new RequestedPermission("x", "1", "db", "plugin"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(loaded::clear).isInstanceOf(UnsupportedOperationException.class);
  }
}
