package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.core.extender.PluginInspection;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.registry.PluginRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:list}, {@code plugin:info} and {@code plugin:inspect}. */
@Component(
    service = PluginCommands.class,
    property = {
      "osgi.command.scope=plugin",
      "osgi.command.function=list",
      "osgi.command.function=info",
      "osgi.command.function=inspect"
    })
public final class PluginCommands {

  static final long MAX_JAR = 64L * 1024 * 1024;

  @Reference Plugins registry;
  @Reference PluginInspection inspection;

  @Descriptor("lists every plugin the gateway knows, refused ones included")
  public String list(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json) throws Exception {
    if (help) {
      session.execute("help plugin:list");
      return null;
    }
    List<PluginRecord> plugins = registry.plugins();
    if (json) {
      return ShellJson.write(Map.of("plugins", plugins.stream().map(PluginRecord::toSummary).toList()));
    }
    Table table = new Table("ID", "VERSION", "STATE", "BUNDLE", "REASON");
    for (PluginRecord plugin : plugins) {
      table.row(plugin.id().isEmpty() ? "-" : plugin.id(), plugin.version(), plugin.state(), plugin.bundleId() + " " + plugin.bundle(), plugin.reason());
    }
    return table.toString();
  }

  @Descriptor("shows how to use plugin:info")
  public String info(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help plugin:info");
    return null;
  }

  @Descriptor("shows one plugin: state, why it failed, and what it adds")
  public String info(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json,
      @Descriptor("plugin id") String id) throws Exception {
    if (help) {
      session.execute("help plugin:info");
      return null;
    }
    PluginRecord plugin =
        registry.plugin(id).orElseThrow(() -> new IllegalArgumentException("unknown_plugin: no plugin " + id + " is installed (see plugin:list)"));
    if (json) {
      return ShellJson.write(plugin.toDetail());
    }
    StringBuilder out = new StringBuilder();
    out.append("plugin   ").append(plugin.id()).append(' ').append(plugin.version()).append('\n');
    out.append("bundle   ").append(plugin.bundleId()).append(' ').append(plugin.bundle()).append('\n');
    out.append("source   ").append(plugin.location()).append('\n');
    out.append("state    ").append(plugin.state());
    if (!plugin.reason().isEmpty()) {
      out.append(" (").append(plugin.reason()).append(')');
    }
    out.append('\n');
    for (String detail : plugin.details()) {
      out.append("         ").append(detail).append('\n');
    }
    plugin.manifest().ifPresent(m -> out.append('\n').append(describe(m)));
    return out.toString();
  }

  @Descriptor("shows how to use plugin:inspect")
  public String inspect(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help plugin:inspect");
    return null;
  }

  @Descriptor("prints a plugin's manifest as its author declared it, for an installed plugin or a jar file, without starting it")
  public String inspect(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json,
      @Descriptor("installed plugin id, or path of a plugin jar") String target) throws IOException , Exception {
    if (help) {
      session.execute("help plugin:inspect");
      return null;
    }
    PluginManifest manifest;
    Path file = Path.of(target);
    if (target.endsWith(".jar") || Files.isRegularFile(file)) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no_such_file: " + target + " is not a file");
      }
      if (Files.size(file) > MAX_JAR) {
        throw new IllegalArgumentException("invalid_jar: " + target + " is larger than " + MAX_JAR + " bytes");
      }
      try {
        manifest = inspection.validate(Files.readAllBytes(file)).manifest();
      } catch (ManifestException e) {
        String lines = String.join("\n  ", e.details());
        if (json) {
          return ShellJson.write(Map.of("error", Map.of("code", e.reason(), "details", e.details())));
        }
        return "refused: " + e.reason() + "\n  " + lines + "\n";
      }
    } else {
      PluginRecord plugin =
          registry.plugin(target).orElseThrow(() -> new IllegalArgumentException("unknown_plugin: no plugin " + target + " is installed"));
      if (plugin.manifest().isEmpty()) {
        return "refused: " + plugin.reason() + "\n  " + String.join("\n  ", plugin.details()) + "\n";
      }
      manifest = plugin.manifest().get();
    }
    return json ? ShellJson.write(manifest.toJson()) : describe(manifest);
  }

  static String describe(PluginManifest m) {
    StringBuilder out = new StringBuilder();
    out.append(m.name()).append(" (").append(m.id()).append(' ').append(m.version()).append(", bundle ").append(m.bundle()).append(")\n");
    if (!m.description().isEmpty()) {
      out.append("  ").append(m.description()).append('\n');
    }
    out.append("config schema: ").append(m.configSchema()).append('\n');
    if (!m.tools().isEmpty()) {
      out.append("\ntools\n");
      Table table = new Table("  ID", "EFFECT", "INPUT", "OUTPUT", "DESCRIPTION");
      m.tools().forEach(t -> table.row("  " + m.toolId(t.name()), t.effect(), t.inputSchema(), t.outputSchema(), t.description()));
      out.append(table);
    }
    if (!m.commands().isEmpty()) {
      out.append("\nslash commands\n");
      Table table = new Table("  COMMAND", "EFFECT", "DESCRIPTION");
      m.commands().forEach(c -> table.row("  /" + c.name(), c.effect(), c.description()));
      out.append(table);
    }
    if (!m.routes().isEmpty()) {
      out.append("\nroutes\n");
      Table table = new Table("  PATH", "METHODS", "SCOPE");
      m.routes().forEach(r -> table.row("  /plugins/" + m.id() + "/rpc/" + r.path(), String.join(",", r.methods()), r.scope()));
      out.append(table);
    }
    if (!m.mcpServers().isEmpty()) {
      out.append("\nMCP servers\n");
      Table table = new Table("  ID", "DEFINITION");
      m.mcpServers().forEach(s -> table.row("  " + s.id(), s.definition()));
      out.append(table);
    }
    if (!m.permissions().isEmpty()) {
      out.append("\nrequested permissions\n");
      Table table = new Table("  PERMISSION", "TARGET", "REASON");
      m.permissions().forEach(p -> table.row("  " + p.permission(), p.target(), p.reason()));
      out.append(table);
    }
    return out.toString();
  }
}
