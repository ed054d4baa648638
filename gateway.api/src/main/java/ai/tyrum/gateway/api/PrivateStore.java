package ai.tyrum.gateway.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugin's private store, for a plugin granted {@code db} on {@code plugin} (DESIGN section 3):
 * durable JSON objects by key, embedded in the gateway, which no other plugin can reach. It survives
 * restarts, upgrades and uninstalls; {@code plugin:uninstall --purge} deletes it. Every write is durable
 * when the method returns.
 */
@ProviderType
public interface PrivateStore {

  /**
   * The object stored at {@code key}, if any.
   *
   * @throws PluginException {@code permission_denied}; {@code invalid_key}; {@code store_unavailable}
   */
  Optional<Map<String, Object>> get(String key);

  /**
   * Stores {@code value} (a JSON object as maps, lists, strings, numbers, booleans and nulls) at
   * {@code key}, replacing what was there.
   *
   * @throws PluginException {@code permission_denied}; {@code invalid_key}; {@code value_too_large};
   *     {@code store_full} past the plugin's quota; {@code store_unavailable}
   */
  void put(String key, Map<String, Object> value);

  /**
   * Removes {@code key}; false when it held nothing.
   *
   * @throws PluginException {@code permission_denied}; {@code invalid_key}; {@code store_unavailable}
   */
  boolean delete(String key);

  /**
   * The keys that start with {@code prefix}, in ascending order.
   *
   * @throws PluginException {@code permission_denied}; {@code store_unavailable}
   */
  List<String> keys(String prefix);
}
