package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tool definitions an operator approved, per server, in {@code <data>/mcp-pins/<plugin-id>/<server>.json}:
 * the lockfile pins only their digests, and a held tool's difference needs the text it differs from.
 * Never trusted for a decision: a definition here counts only while its digest is the one pinned.
 */
final class ApprovedDefinitions {

  static final String DIR = "mcp-pins";
  private static final System.Logger LOG = System.getLogger(ApprovedDefinitions.class.getName());

  private final DataDirectory data;

  ApprovedDefinitions(DataDirectory data) {
    this.data = data;
  }

  /** The approved definitions of {@code server}'s tools, by name; none when there are none or they cannot be read. */
  Map<String, McpToolDefinition> read(McpServerId server) {
    Map<String, McpToolDefinition> definitions = new TreeMap<>();
    try {
      Map<String, Object> json = Json.object(Files.readAllBytes(file(server)));
      if (json.get("tools") instanceof Map<?, ?> tools) {
        tools.forEach((name, definition) -> McpToolDefinition.fromJson(definition).ifPresent(d -> definitions.put(d.name(), d)));
      }
    } catch (NoSuchFileException absent) {
      // nothing approved yet
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the approved MCP tool definitions of " + server + ": " + e.getMessage()
          + "; held tools are shown without their previous definition");
    }
    return definitions;
  }

  /** Adds {@code approved} to what {@code server} has on file; a failure to write only costs later differences their text. */
  void add(McpServerId server, Map<String, McpToolDefinition> approved) {
    Map<String, McpToolDefinition> all = read(server);
    all.putAll(approved);
    Map<String, Object> tools = new TreeMap<>();
    all.forEach((name, definition) -> tools.put(name, definition.toJson()));
    try {
      Path file = file(server);
      Files.createDirectories(file.getParent());
      data.writeAtomically(file, Json.PRETTY.writeValueAsBytes(Map.of("tools", tools)));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write the approved MCP tool definitions of " + server + ": " + e.getMessage());
    }
  }

  private Path file(McpServerId server) {
    // both ids are checked names (a plugin id, a server id), never a path of their own
    return data.dir(DIR).resolve(server.pluginId()).resolve(server.serverId() + ".json");
  }
}
