package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.PrivateStore;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.Permission;
import java.nio.charset.StandardCharsets;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link PrivateStore} of the plugin that uses it: usable while the plugin holds {@code db} on
 * {@code plugin}, checked on every call. The store opens at first use and closes when the plugin lets
 * go of this service (it stopped) or the gateway stops.
 */
@Component(scope = ServiceScope.BUNDLE, service = PrivateStore.class)
public final class PrivateStoreService implements PrivateStore {

  private static final String TARGET = "plugin";

  private final Bundle caller;
  private final PluginGrants grants;
  private final PluginDataDirs dirs;
  private volatile Optional<String> opened = Optional.empty();

  @Activate
  public PrivateStoreService(ComponentContext context, @Reference PluginGrants grants, @Reference PluginDataDirs dirs) {
    this.caller = context.getUsingBundle();
    this.grants = grants;
    this.dirs = dirs;
  }

  @Deactivate
  void deactivate() {
    opened.ifPresent(dirs::close);
  }

  @Override
  public Optional<Map<String, Object>> get(String key) {
    StoreKeys.requireKey(key);
    return use(store -> store.get(key)).map(Json::object);
  }

  @Override
  public void put(String key, Map<String, Object> value) {
    StoreKeys.requireKey(key);
    String text;
    try {
      text = Json.canonical(StoreKeys.requireObject(value));
    } catch (IllegalArgumentException e) {
      throw new PluginException("invalid_value", "a stored value is plain JSON: " + e.getMessage());
    }
    PluginDataLimits limits = dirs.limits();
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.max_value_bytes()) {
      throw new PluginException("value_too_large", "a stored value is at most " + limits.max_value_bytes()
          + " bytes as canonical JSON; this one is " + size + " (split it over several keys)");
    }
    boolean stored = use(store -> store.put(key, text, limits.max_store_bytes()));
    if (!stored) {
      throw new PluginException("store_full", "the private store holds at most " + limits.max_store_bytes()
          + " bytes of keys and values; delete some first, or ask the operator to raise max.store.bytes of tyrum.store");
    }
  }

  @Override
  public boolean delete(String key) {
    StoreKeys.requireKey(key);
    return use(store -> store.delete(key));
  }

  @Override
  public List<String> keys(String prefix) {
    if (prefix == null) {
      throw new PluginException("invalid_key", "the prefix is a string; \"\" lists every key");
    }
    return List.copyOf(use(store -> store.keys(prefix)));
  }

  /**
   * Checks the caller's grant, then runs {@code action} on its store. All of it runs as the gateway: in
   * hardened mode the plugin's own protection domain on the stack would refuse the store's file, the
   * lockfile read and the audit record of a refusal.
   */
  @SuppressWarnings("removal") // AccessController: hardened mode runs on JDK 17-23, where it still applies
  private <T> T use(Function<PluginStore, T> action) {
    return AccessController.doPrivileged((PrivilegedAction<T>) () -> {
      PluginRecord plugin = grants.require(caller, Permission.DB, TARGET);
      grants.requireGranted(plugin, caller, Permission.DB, TARGET);
      try {
        PluginStore store = dirs.store(plugin.id());
        opened = Optional.of(plugin.id());
        return action.apply(store);
      } catch (PluginException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new PluginException("store_unavailable", "the private store of plugin " + plugin.id()
            + " failed: " + e.getMessage() + "; the operator finds it under plugin-data/" + plugin.id() + "/store");
      }
    });
  }
}
