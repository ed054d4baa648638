package ai.tyrum.gateway.core.registry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of every plugin bundle the gateway knows, refused ones included, and of the
 * contributions the loaded ones serve. What every surface and the call path read; only the extender
 * changes it.
 */
public interface Plugins {

  /** Every plugin bundle known, in bundle id order. */
  List<PluginRecord> plugins();

  /** The plugin with {@code id}; when several bundles claim it, the loaded one wins. */
  Optional<PluginRecord> plugin(String id);

  /** The plugin of bundle {@code bundleId}. */
  Optional<PluginRecord> plugin(long bundleId);

  /** The served tool with this callable id ({@code plugin.<plugin-id>.<name>}). */
  Optional<BoundTool> tool(String toolId);

  /** Every served tool, by id. */
  Collection<BoundTool> tools();

  /** The served slash command {@code name} (without its slash). */
  Optional<BoundCommand> command(String name);

  /** Every served slash command, by name. */
  Collection<BoundCommand> commands();

  /** The route {@code path} that plugin {@code pluginId} serves under {@code /plugins/<id>/rpc/}. */
  Optional<BoundRoute> route(String pluginId, String path);
}
