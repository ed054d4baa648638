package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.lib.shell.ShellTable;

/** A plugin manifest as {@code plugin:info} and {@code plugin:inspect} print it: identity, then one table per kind of contribution. */
final class ManifestText {

  private ManifestText() {}

  static String describe(PluginManifest m) {
    StringBuilder out = new StringBuilder();
    out.append(m.name()).append(" (").append(m.id()).append(' ').append(m.version()).append(", bundle ").append(m.bundle()).append(")\n");
    if (!m.description().isEmpty()) {
      out.append("  ").append(m.description()).append('\n');
    }
    out.append("config schema: ").append(m.configSchema()).append('\n');
    if (!m.tools().isEmpty()) {
      ShellTable table = new ShellTable("ID", "EFFECT", "INPUT", "OUTPUT", "DESCRIPTION").indent("  ");
      m.tools().forEach(t -> table.row(m.toolId(t.name()), t.effect(), t.inputSchema(), t.outputSchema(), t.description()));
      out.append("\ntools\n").append(table);
    }
    if (!m.commands().isEmpty()) {
      ShellTable table = new ShellTable("COMMAND", "EFFECT", "DESCRIPTION").indent("  ");
      m.commands().forEach(c -> table.row("/" + c.name(), c.effect(), c.description()));
      out.append("\nslash commands\n").append(table);
    }
    if (!m.routes().isEmpty()) {
      ShellTable table = new ShellTable("PATH", "METHODS", "SCOPE").indent("  ");
      m.routes().forEach(r -> table.row("/plugins/" + m.id() + "/rpc/" + r.path(), String.join(",", r.methods()), r.scope()));
      out.append("\nroutes\n").append(table);
    }
    if (!m.mcpServers().isEmpty()) {
      ShellTable table = new ShellTable("ID", "DEFINITION").indent("  ");
      m.mcpServers().forEach(s -> table.row(s.id(), s.definition()));
      out.append("\nMCP servers\n").append(table);
    }
    if (!m.permissions().isEmpty()) {
      ShellTable table = new ShellTable("PERMISSION", "TARGET", "REASON").indent("  ");
      m.permissions().forEach(p -> table.row(p.permission(), p.target(), p.reason()));
      out.append("\nrequested permissions\n").append(table);
    }
    return out.toString();
  }
}
