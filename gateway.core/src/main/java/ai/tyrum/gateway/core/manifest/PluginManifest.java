package ai.tyrum.gateway.core.manifest;

import ai.tyrum.gateway.spi.Permission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin's manifest as the gateway reads it from the bundle's capabilities: identity, contributions
 * and requested permissions. Built only from a manifest that passed every check.
 */
public record PluginManifest(
    String id,
    String version,
    String bundle,
    String name,
    String description,
    String configSchema,
    List<ToolDecl> tools,
    List<CommandDecl> commands,
    List<RouteDecl> routes,
    List<McpDecl> mcpServers,
    List<PermissionDecl> permissions,
    boolean readsConfig) {

  /** A manifest whose components may read the plugin's configuration (the safe assumption). */
  public PluginManifest(String id, String version, String bundle, String name, String description, String configSchema,
      List<ToolDecl> tools, List<CommandDecl> commands, List<RouteDecl> routes, List<McpDecl> mcpServers,
      List<PermissionDecl> permissions) {
    this(id, version, bundle, name, description, configSchema, tools, commands, routes, mcpServers, permissions, true);
  }

  public PluginManifest {
    tools = List.copyOf(tools);
    commands = List.copyOf(commands);
    routes = List.copyOf(routes);
    mcpServers = List.copyOf(mcpServers);
    permissions = List.copyOf(permissions);
  }

  /** The callable id of one of this plugin's tools. */
  public String toolId(String toolName) {
    return "plugin." + id + "." + toolName;
  }

  /** Whether the plugin requests any permission that expands access. */
  public boolean accessExpanding() {
    return permissions.stream().anyMatch(p -> p.permission().expandsAccess());
  }

  /** Whether the plugin requests any permission whose use can block on the world outside the process. */
  public boolean reachesOutside() {
    return permissions.stream().anyMatch(p -> p.permission().reachesOutside());
  }

  /** A tool declared under {@code name}, if any. */
  public java.util.Optional<ToolDecl> tool(String name) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The manifest as a plugin author reads it, JSON-shaped. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("version", version);
    json.put("bundle", bundle);
    json.put("name", name);
    json.put("description", description);
    json.put("config_schema", configSchema);
    json.put(
        "tools",
        tools.stream()
            .map(
                t -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", toolId(t.name()));
                  m.put("name", t.name());
                  m.put("effect", t.effect());
                  m.put("description", t.description());
                  m.put("input_schema", t.inputSchema());
                  m.put("output_schema", t.outputSchema());
                  return m;
                })
            .toList());
    json.put(
        "commands",
        commands.stream()
            .map(c -> Map.<String, Object>of("name", c.name(), "effect", c.effect(), "description", c.description()))
            .toList());
    json.put(
        "routes",
        routes.stream()
            .map(
                r ->
                    Map.<String, Object>of(
                        "path", "/plugins/" + id + "/rpc/" + r.path(),
                        "methods", r.methods(),
                        "scope", r.scope()))
            .toList());
    json.put(
        "mcp",
        mcpServers.stream()
            .map(m -> Map.<String, Object>of("id", m.id(), "definition", m.definition(), "transport", m.server().transport()))
            .toList());
    json.put(
        "permissions",
        permissions.stream()
            .map(
                p ->
                    Map.<String, Object>of(
                        "permission", p.permission().id(), "target", p.target(), "reason", p.reason()))
            .toList());
    return json;
  }

  /** A declared tool. */
  public record ToolDecl(
      String name, String effect, String inputSchema, String outputSchema, String description) {
    public boolean stateChanging() {
      return "state_changing".equals(effect);
    }
  }

  /** A declared slash command. */
  public record CommandDecl(String name, String description, String effect) {}

  /** A declared route, relative to {@code /plugins/<id>/rpc/}. */
  public record RouteDecl(String path, List<String> methods, String scope) {
    public RouteDecl {
      methods = List.copyOf(methods);
    }
  }

  /**
   * A declared MCP server.
   *
   * @param id the server id
   * @param definition the path of its definition file in the jar
   * @param server the definition as read from that file
   */
  public record McpDecl(String id, String definition, McpDefinition server) {}

  /** A requested permission. */
  public record PermissionDecl(Permission permission, String target, String reason) {}
}
