package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.component.ComponentContext;

/**
 * Loaded plugins with the permissions their manifest declares and the lockfile grants, and the
 * {@link PluginGrants} the host services ask, for unit tests of a host service: what a real gateway
 * holds, without a framework. Records every event.
 */
final class HostPlugins {

  /** One recorded event. */
  record Event(String type, Map<String, Object> payload) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final GatewayEvents recorder = (type, payload) -> {
    events.add(new Event(type, payload));
    return events.size();
  };
  private final PluginRegistry registry = new PluginRegistry(recorder);
  private final Map<String, LockEntry> lock = new ConcurrentHashMap<>();
  private final PluginGrants grants = new PluginGrants(registry, recorder);
  private long nextBundleId = 10;

  HostPlugins() {
    grants.bindLock(new PluginLock() {
      @Override
      public List<LockEntry> entries() {
        return List.copyOf(lock.values());
      }

      @Override
      public Optional<LockEntry> entry(String id) {
        return Optional.ofNullable(lock.get(id));
      }
    });
  }

  PluginGrants grants() {
    return grants;
  }

  /**
   * Loads plugin {@code id} declaring {@code declared} (each {@code class:target}, as the lockfile
   * writes them) and holding a grant of {@code granted}, and returns its bundle.
   */
  Bundle load(String id, List<String> declared, List<String> granted) {
    Bundle bundle = bundle(nextBundleId++, id);
    List<PermissionDecl> permissions = new ArrayList<>();
    for (String permission : declared) {
      int colon = permission.indexOf(':');
      permissions.add(new PermissionDecl(Permission.of(permission.substring(0, colon)).orElseThrow(), permission.substring(colon + 1), "because"));
    }
    PluginManifest manifest = new PluginManifest(id, "1.0.0", "test." + id, id, "", "config.json",
        List.of(), List.of(), List.of(), List.of(), permissions);
    registry.accepted(bundle, new ValidatedPlugin(manifest, Map.of()), true);
    registry.loaded(bundle);
    grant(id, granted);
    return bundle;
  }

  /** Replaces what the lockfile grants plugin {@code id}. */
  void grant(String id, List<String> granted) {
    lock.put(id, new LockEntry(id, "1.0.0", "test." + id, LockEntry.State.enabled,
        new PluginOrigin(PluginOrigin.LOCAL, "/tmp/" + id + ".jar", ""), "0".repeat(64), 1, granted, Map.of(), List.of(), Instant.EPOCH));
  }

  /** A bundle that is no plugin. */
  Bundle stranger() {
    return bundle(nextBundleId++, "stranger");
  }

  /** The payloads of the {@code plugin.permission.denied} events recorded so far. */
  List<Map<String, Object>> denied() {
    return events.stream().filter(e -> e.type().equals("plugin.permission.denied")).map(Event::payload).toList();
  }

  /** The context DS hands a bundle-scoped component that {@code bundle} gets. */
  static ComponentContext usedBy(Bundle bundle) {
    return (ComponentContext) Proxy.newProxyInstance(ComponentContext.class.getClassLoader(), new Class<?>[] {ComponentContext.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getUsingBundle" -> bundle;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static Bundle bundle(long bundleId, String id) {
    return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getBundleId" -> bundleId;
          case "getLocation" -> "test:" + id;
          case "getSymbolicName" -> "test." + id;
          case "getVersion" -> Version.parseVersion("1.0.0");
          case "hashCode" -> (int) bundleId;
          case "equals" -> proxy == args[0];
          case "toString" -> "test." + id;
          default -> null;
        });
  }
}
