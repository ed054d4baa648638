package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.report.PluginReport;
import ai.tyrum.gateway.core.report.PluginReports;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginInstaller;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code plugin:info ID}: one plugin's state, why it failed, where it came from and what it adds; for a
 * plugin that is not installed, what the catalogs offer of it, labelled so.
 */
@Component(service = Function.class)
@Command(scope = "plugin", function = "info")
public final class PluginInfoCommand extends ShellCommand {

  private final PluginReports plugins;

  // Optional: the marketplace provides it; without it only installed plugins are described.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile PluginInstaller installer;

  @Activate
  public PluginInfoCommand(@Reference PluginReports plugins) {
    this.plugins = plugins;
  }

  @Descriptor("shows one plugin: state, source, why it failed, and what it adds; or what the catalogs offer when not installed")
  public String info(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id) {
    Optional<PluginReport> installed = plugins.report(id);
    if (installed.isEmpty()) {
      return offered(id, json);
    }
    PluginReport plugin = installed.get();
    if (json) {
      return Json.PRETTY.writeValueAsString(plugin.toDetail());
    }
    Map<String, Object> source = plugin.source();
    ShellTable table = ShellTable.of(2)
        .row("plugin", plugin.id() + " " + plugin.version())
        .row("bundle", plugin.bundleId().map(bundleId -> bundleId + " ").orElse("(not in the framework) ") + plugin.symbolicName())
        .row("source", source.get("kind") + " " + source.get("location") + (source.containsKey("key_id") ? " key " + source.get("key_id") : ""))
        .row("location", plugin.location())
        .row("integrity", plugin.integritySha256().isEmpty() ? "-" : "sha256 " + plugin.integritySha256()
            + plugin.entry().map(entry -> ", " + entry.size() + " bytes").orElse(""))
        .row("granted", plugin.entry().map(LockEntry::granted).filter(granted -> !granted.isEmpty()).map(granted -> String.join(", ", granted)).orElse("-"))
        .row("state", plugin.state() + (plugin.reason().isEmpty() ? "" : " (" + plugin.reason() + ")"));
    plugin.bundle().ifPresent(bundle -> bundle.details().forEach(detail -> table.row("", detail)));
    return table + plugin.bundle().flatMap(bundle -> bundle.manifest()).map(m -> "\n" + ManifestText.describe(m)).orElse("");
  }

  /** What the catalogs offer of plugin {@code id}, which is not installed. */
  private String offered(String id, boolean json) {
    PluginInstaller current = installer;
    Map<String, Object> info =
        Optional.ofNullable(current).flatMap(catalogs -> catalogs.info(id)).orElseThrow(() -> unknownPlugin(id, current != null));
    if (json) {
      Map<String, Object> labelled = new LinkedHashMap<>();
      labelled.put("installed", false);
      labelled.put("catalog", info);
      return Json.PRETTY.writeValueAsString(labelled);
    }
    ShellTable table = ShellTable.of(2).row("plugin", id).row("state", "not installed (offered by a catalog)");
    info.forEach((key, value) -> table.row(key, value instanceof Map<?, ?> || value instanceof Collection<?> ? Json.string(value) : value));
    return "not installed: what the catalogs offer of " + id + "; plugin:install " + id + " installs it\n" + table;
  }

  static CommandError unknownPlugin(String id) {
    return new CommandError("unknown_plugin", "no plugin " + id + " is installed", List.of("plugin:list shows the installed plugins"));
  }

  private static CommandError unknownPlugin(String id, boolean catalogsAsked) {
    return catalogsAsked
        ? new CommandError("unknown_plugin", "no plugin " + id + " is installed",
            List.of("plugin:list shows the installed plugins", "no catalog offers it either: plugin:search shows what they offer"))
        : unknownPlugin(id);
  }
}
