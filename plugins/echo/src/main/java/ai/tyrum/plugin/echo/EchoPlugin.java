package ai.tyrum.plugin.echo;

import ai.tyrum.gateway.api.Plugin;

/** The echo plugin's identity: the id every contribution names, and its {@code tyrum.plugin} capability. */
@Plugin(
    id = EchoPlugin.ID,
    name = "Echo",
    description = "Echoes text back: the reference plugin every client and test relies on.",
    configSchema = "schemas/config.json")
final class EchoPlugin {

  /** The plugin id: tools become {@code plugin.echo.<name>}, routes live under {@code /plugins/echo/rpc/}. */
  static final String ID = "echo";

  /** The ConfigAdmin PID under which the gateway delivers this plugin's config. */
  static final String CONFIG_PID = "tyrum.plugin." + ID;

  private EchoPlugin() {}
}
