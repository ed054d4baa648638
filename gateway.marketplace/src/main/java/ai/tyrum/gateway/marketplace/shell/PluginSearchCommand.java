package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.marketplace.catalog.CatalogEntry;
import ai.tyrum.gateway.marketplace.catalog.Catalogs;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:search [--json] [TEXT]}: the newest version of each plugin the trusted catalogs offer, read afresh. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "search")
public final class PluginSearchCommand extends ShellCommand {

  private final Catalogs catalogs;
  private final Pipeline pipeline;

  @Activate
  public PluginSearchCommand(@Reference Catalogs catalogs, @Reference Pipeline pipeline) {
    this.catalogs = catalogs;
    this.pipeline = pipeline;
  }

  @Descriptor("lists the plugins the trusted catalogs offer, newest version of each, revoked versions left out")
  public String search(
      @Descriptor("print the plugins as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("text the plugin's id, name or description contains (any case); all plugins when absent") String... text) {
    // read the sources again: an operator who just edited marketplace/sources.json sees the result
    catalogs.refresh();
    // a version the catalogs now revoke stops at once, not only at the next start
    pipeline.revocationsChanged();
    List<CatalogEntry> found = catalogs.search(String.join(" ", text).strip());
    if (json) {
      return Json.string(Map.of("plugins", found.stream().map(PluginSearchCommand::toJson).toList()));
    }
    if (found.isEmpty()) {
      return text.length == 0 ? "no trusted catalog offers any plugin (see marketplace/sources.json)" : "no plugin matches " + String.join(" ", text);
    }
    ShellTable table = new ShellTable("ID", "VERSION", "NAME", "DESCRIPTION", "SOURCE");
    found.forEach(entry -> table.row(entry.id(), entry.version(), entry.name(), entry.description(), entry.origin().location()));
    return table.toString();
  }

  private static Map<String, Object> toJson(CatalogEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", entry.id());
    json.put("version", entry.version());
    json.put("name", entry.name());
    json.put("description", entry.description());
    json.put("bundle", entry.bundle());
    json.put("sha256", entry.sha256());
    json.put("size", entry.size());
    json.put("url", entry.url().toString());
    json.put("source", entry.origin().toJson());
    json.put("permissions", entry.permissions());
    return json;
  }
}
