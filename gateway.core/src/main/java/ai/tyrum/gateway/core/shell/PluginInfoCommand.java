package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:info ID}: one plugin's state, why it failed, and what it adds. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "info")
public final class PluginInfoCommand extends ShellCommand {

  private final Plugins registry;

  @Activate
  public PluginInfoCommand(@Reference Plugins registry) {
    this.registry = registry;
  }

  @Descriptor("shows one plugin: state, why it failed, and what it adds")
  public String info(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id) {
    PluginRecord plugin = registry.plugin(id).orElseThrow(() -> unknownPlugin(id));
    if (json) {
      return Json.PRETTY.writeValueAsString(plugin.toDetail());
    }
    ShellTable table = ShellTable.of(2)
        .row("plugin", plugin.id() + " " + plugin.version())
        .row("bundle", plugin.bundleId() + " " + plugin.bundle())
        .row("source", plugin.location())
        .row("state", plugin.state() + (plugin.reason().isEmpty() ? "" : " (" + plugin.reason() + ")"));
    plugin.details().forEach(detail -> table.row("", detail));
    return table + plugin.manifest().map(m -> "\n" + ManifestText.describe(m)).orElse("");
  }

  static CommandError unknownPlugin(String id) {
    return new CommandError("unknown_plugin", "no plugin " + id + " is installed", List.of("plugin:list shows the installed plugins"));
  }
}
