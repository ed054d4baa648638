package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.spi.PluginPermissions;
import ai.tyrum.gateway.spi.RequestedPermission;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The permissions that loaded plugins request, read from the manifests the registry holds, for checks
 * that span policy and plugins such as {@code policy:check}. A plugin that is installed, stopped or
 * refused requests nothing until it loads: only a loaded plugin can use a permission.
 */
@Component(service = PluginPermissions.class)
public final class LoadedPluginPermissions implements PluginPermissions {

  private final Plugins registry;

  @Activate
  public LoadedPluginPermissions(@Reference Plugins registry) {
    this.registry = registry;
  }

  /**
   * Ordered by plugin id, each plugin's in manifest order (the sort is stable, so bundles that claim the
   * same id keep the registry's bundle order). Unmodifiable.
   */
  @Override
  public List<RequestedPermission> loaded() {
    return registry.plugins().stream()
        .filter(p -> p.state() == PluginState.loaded)
        .flatMap(p -> p.manifest().stream())
        .sorted(Comparator.comparing(PluginManifest::id))
        .flatMap(m -> m.permissions().stream()
            .map(p -> new RequestedPermission(m.id(), m.version(), p.permission().id(), p.target())))
        .toList();
  }
}
