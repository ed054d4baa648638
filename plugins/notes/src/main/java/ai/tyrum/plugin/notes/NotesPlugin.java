package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.Plugin;
import ai.tyrum.gateway.api.RequestPermission;

/**
 * The notes plugin's identity and the permission it asks for: its {@code tyrum.plugin} and
 * {@code tyrum.permission} capabilities.
 */
@Plugin(
    id = NotesPlugin.ID,
    name = "Notes",
    description = "Keeps short notes that agents add and list.",
    configSchema = "schemas/config.json")
@RequestPermission(
    plugin = NotesPlugin.ID,
    permission = "db",
    target = "plugin",
    reason = "Keeps notes in its private store")
final class NotesPlugin {

  /** The plugin id: tools become {@code plugin.notes.<name>}. */
  static final String ID = "notes";

  private NotesPlugin() {}
}
