package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.Plugin;
import ai.tyrum.gateway.api.ProvideMcpServer;
import ai.tyrum.gateway.api.RequestPermission;

/**
 * The notes plugin's identity, the permission it asks for and the MCP server it ships: its
 * {@code tyrum.plugin}, {@code tyrum.permission} and {@code tyrum.mcp} capabilities.
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
@ProvideMcpServer(plugin = NotesPlugin.ID, id = "notes-files", definition = "mcp/notes-files.json")
final class NotesPlugin {

  /** The plugin id: tools become {@code plugin.notes.<name>}. */
  static final String ID = "notes";

  private NotesPlugin() {}
}
