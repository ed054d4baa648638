package ai.tyrum.gateway.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the gateway keeps for a plugin under {@code <data dir>/plugin-data/<plugin-id>/} (its private store
 * and its files), outliving uninstalls until the operator purges it (DESIGN section 3).
 *
 * @since 2.2
 */
@ProviderType
public interface PluginData {

  /**
   * Deletes everything kept for plugin {@code pluginId}, closing its store first if it is still open;
   * false when there was nothing. Call it once the plugin has stopped.
   *
   * @throws IllegalArgumentException if {@code pluginId} is not a plugin id
   * @throws java.io.UncheckedIOException if the data could not be deleted; what is left is no longer
   *     found under the plugin's id
   */
  boolean purge(String pluginId);
}
