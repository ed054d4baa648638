package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.report.PluginReport;
import ai.tyrum.gateway.core.report.PluginReports;
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

/**
 * {@code plugin:list}: every plugin the gateway knows, refused ones and lockfile entries without a
 * bundle included, with the reason and where it came from.
 */
@Component(service = Function.class)
@Command(scope = "plugin", function = "list")
public final class PluginListCommand extends ShellCommand {

  private final PluginReports plugins;

  @Activate
  public PluginListCommand(@Reference PluginReports plugins) {
    this.plugins = plugins;
  }

  @Descriptor("lists every plugin the gateway knows, refused ones included")
  public String list(@Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    List<PluginReport> reports = plugins.reports();
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("plugins", reports.stream().map(PluginReport::toSummary).toList()));
    }
    ShellTable table = new ShellTable("ID", "VERSION", "STATE", "BUNDLE", "SOURCE", "REASON");
    for (PluginReport plugin : reports) {
      table.row(plugin.id().isEmpty() ? "-" : plugin.id(), plugin.version(), plugin.state(),
          plugin.bundleId().map(id -> id + " ").orElse("- ") + plugin.symbolicName(), plugin.source().get("kind"), plugin.reason());
    }
    return table.toString();
  }
}
