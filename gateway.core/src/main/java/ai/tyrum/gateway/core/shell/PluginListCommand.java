package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:list}: every plugin the gateway knows, refused ones included, with the reason. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "list")
public final class PluginListCommand extends ShellCommand {

  private final Plugins registry;

  @Activate
  public PluginListCommand(@Reference Plugins registry) {
    this.registry = registry;
  }

  @Descriptor("lists every plugin the gateway knows, refused ones included")
  public String list(@Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    List<PluginRecord> plugins = registry.plugins();
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("plugins", plugins.stream().map(PluginRecord::toSummary).toList()));
    }
    ShellTable table = new ShellTable("ID", "VERSION", "STATE", "BUNDLE", "REASON");
    for (PluginRecord plugin : plugins) {
      table.row(plugin.id().isEmpty() ? "-" : plugin.id(), plugin.version(), plugin.state(), plugin.bundleId() + " " + plugin.bundle(), plugin.reason());
    }
    return table.toString();
  }
}
