package ${package};

import ai.tyrum.gateway.api.Plugin;

/** The ${pluginName} plugin's identity: the id every contribution names, and its {@code tyrum.plugin} capability. */
@Plugin(
    id = ${className}Plugin.ID,
    name = "${pluginName}",
    description = "Greets whoever its tool is given with the configured greeting.",
    configSchema = "schemas/config.json")
final class ${className}Plugin {

  /** The plugin id: tools become {@code plugin.${pluginId}.<name>}; ids match {@code [a-z][a-z0-9-]{0,62}}. */
  static final String ID = "${pluginId}";

  /** The ConfigAdmin PID under which the gateway delivers this plugin's config ({@code config/${pluginId}.json}). */
  static final String CONFIG_PID = "tyrum.plugin." + ID;

  private ${className}Plugin() {}
}
