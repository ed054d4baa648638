package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.registry.ToolService;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.McpToolPins;
import ai.tyrum.gateway.spi.PluginLock;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The tools of the running MCP servers and their pins (the rug-pull defence): the first listing of a
 * server of an enabled plugin pins every tool in the lockfile (the operator's approval of the plugin
 * approves what its server first offers); later, an unchanged tool keeps serving, a changed or new one
 * is held until an operator approves it, and one the server no longer lists leaves. Changes are made one
 * at a time; readers see an immutable snapshot.
 */
final class McpToolCatalogue {

  private static final System.Logger LOG = System.getLogger(McpToolCatalogue.class.getName());
  /** Who pins a server's first listing when the plugin's entry names no approver. */
  static final String GATEWAY = "gateway";

  private final Supplier<Optional<PluginLock>> lock;
  private final Supplier<Optional<McpToolPins>> pins;
  private final Supplier<Optional<McpServers>> servers;
  private final ApprovedDefinitions approved;
  private final GatewayEvents events;
  private final Schemas schemas = new Schemas();
  /** Per server, its listed tools by name; replaced whole on every change. */
  private volatile Map<McpServerId, Map<String, McpTool>> byServer = Map.of();
  private volatile Map<String, McpTool> byId = Map.of();

  McpToolCatalogue(
      Supplier<Optional<PluginLock>> lock,
      Supplier<Optional<McpToolPins>> pins,
      Supplier<Optional<McpServers>> servers,
      ApprovedDefinitions approved,
      GatewayEvents events) {
    this.lock = lock;
    this.pins = pins;
    this.servers = servers;
    this.approved = approved;
    this.events = events;
  }

  List<McpTool> tools() {
    return List.copyOf(byId.values());
  }

  Optional<McpTool> tool(String toolId) {
    return Optional.ofNullable(byId.get(toolId));
  }

  List<McpTool> tools(McpServerId server) {
    return List.copyOf(byServer.getOrDefault(server, Map.of()).values());
  }

  /** Server {@code server} listed {@code listed}: each tool served, held, or pinned now if it is the server's first listing. */
  synchronized void listed(McpServerId server, List<McpSchema.Tool> listed) {
    Map<String, McpTool> before = byServer.getOrDefault(server, Map.of());
    Map<String, McpTool> checked = new LinkedHashMap<>();
    for (McpSchema.Tool tool : listed) {
      McpTool candidate = check(server, tool);
      checked.putIfAbsent(candidate.name(), candidate); // a server listing a name twice gets its first
    }
    Optional<LockEntry> entry = lock.get().flatMap(l -> l.entry(server.pluginId()));
    Map<String, String> pinned = pinsOf(entry, server);
    String unpinnable = "";
    List<McpTool> valid = checked.values().stream().filter(t -> t.reason().isEmpty()).toList();
    if (pinned.isEmpty() && !valid.isEmpty()) {
      if (entry.isEmpty() || entry.get().state() != LockEntry.State.enabled) {
        unpinnable = "plugin " + server.pluginId() + " is not enabled in the lockfile, so its server's first tools were not pinned";
      } else {
        try {
          pinned = pin(server, valid, approverOf(entry.get()), true);
        } catch (RuntimeException e) {
          unpinnable = "the server's first tools could not be pinned: " + e.getMessage();
          LOG.log(System.Logger.Level.WARNING, "MCP server " + server + ": " + unpinnable);
        }
      }
    }
    Map<String, McpToolDefinition> definitions = approved.read(server);
    Map<String, McpTool> now = new LinkedHashMap<>();
    for (McpTool tool : checked.values()) {
      now.put(tool.name(), tool.reason().isEmpty() ? judge(tool, pinned, definitions, unpinnable) : tool);
    }
    publish(server, now);
    now.values().forEach(tool -> {
      McpTool was = before.get(tool.name());
      boolean reported = was != null && !was.served() && was.sha256().equals(tool.sha256()) && was.reason().equals(tool.reason());
      if (!tool.served() && !reported) {
        Map<String, Object> payload = payload(server);
        payload.put("tool", tool.name());
        payload.put("tool_id", tool.toolId());
        payload.put("reason", tool.reason());
        payload.put("message", tool.message());
        if (!tool.difference().isEmpty()) {
          payload.put("difference", tool.difference());
        }
        events.record("mcp.tool.held", payload);
      }
    });
  }

  /** Server {@code server} serves no tool any more. */
  synchronized void stopped(McpServerId server) {
    publish(server, Map.of());
  }

  synchronized Map<String, Object> approve(McpServerId server, List<String> names, String actor) {
    Map<String, McpTool> listed = byServer.get(server);
    if (listed == null || listed.isEmpty()) {
      throw unknownServer(server);
    }
    List<McpTool> chosen = new ArrayList<>();
    List<String> already = new ArrayList<>();
    if (names.isEmpty()) {
      listed.values().stream().filter(t -> !t.served() && t.reason().equals("mcp_tool_held")).forEach(chosen::add);
    } else {
      for (String name : names) {
        McpTool tool = listed.get(name);
        if (tool == null) {
          throw new GatewayException("unknown_mcp_tool", 404, "server " + server + " lists no tool " + name,
              List.of("tools", "mcp:tools " + server + " lists its tools"));
        }
        if (!tool.served() && !tool.reason().equals("mcp_tool_held")) {
          throw new GatewayException("mcp_tool_invalid", 422, "tool " + name + " of server " + server + " cannot be served ("
              + tool.reason() + "): " + tool.message(), List.of("tools"));
        }
        if (tool.served()) {
          already.add(name);
        } else if (!chosen.contains(tool)) {
          chosen.add(tool);
        }
      }
    }
    if (chosen.isEmpty() && already.isEmpty()) {
      throw new GatewayException("nothing_to_approve", 409, "server " + server + " has no tool held for approval", List.of());
    }
    Map<String, Object> result = payload(server);
    List<Map<String, Object>> approvedTools = new ArrayList<>();
    if (!chosen.isEmpty()) {
      Map<String, String> pinned = pin(server, chosen, actor, false);
      Map<String, McpToolDefinition> definitions = approved.read(server);
      Map<String, McpTool> now = new LinkedHashMap<>(listed);
      for (McpTool tool : chosen) {
        now.put(tool.name(), judge(tool, pinned, definitions, ""));
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("tool", tool.name());
        one.put("tool_id", tool.toolId());
        one.put("sha256", tool.sha256());
        one.put("difference", tool.difference());
        approvedTools.add(one);
      }
      publish(server, now);
    }
    result.put("approved", approvedTools);
    result.put("already_approved", already);
    if (!chosen.isEmpty()) {
      Map<String, Object> event = payload(server);
      event.put("tools", McpTool.names(chosen));
      event.put("actor", actor);
      event.put("approved", approvedTools);
      events.record("mcp.tool.approved", event);
    }
    return result;
  }

  /** A listed tool with its name and schema checked; held as invalid when either fails. */
  private McpTool check(McpServerId server, McpSchema.Tool tool) {
    String name = tool.name() == null ? "" : tool.name();
    McpToolDefinition definition = new McpToolDefinition(name, tool.description() == null ? "" : tool.description(), tool.inputSchema());
    boolean readOnly = McpToolDefinition.readOnlyHint(tool);
    ToolService service = ToolService.of(new McpToolCall(server, name, servers));
    McpTool unchecked = new McpTool(server, definition, "", readOnly, McpTool.State.held, "", "", Map.of(), Optional.empty(), service);
    if (!McpToolDefinition.NAME.matcher(name).matches()) {
      return unchecked.held("invalid_tool_name", "the tool's name is not of the form [A-Za-z0-9_.-]{1,128}, so no tool id can"
          + " name it; the server's author must rename it", Map.of());
    }
    String sha256;
    try {
      sha256 = definition.sha256();
    } catch (IllegalArgumentException e) {
      return unchecked.held("invalid_schema", "the tool's definition has no canonical JSON form: " + e.getMessage(), Map.of());
    }
    PluginSchema input;
    try {
      input = PluginSchema.of("mcp:" + server + "/" + name, schemas.compileDeclared(Json.MAPPER.valueToTree(definition.inputSchema())));
    } catch (Schemas.InvalidSchemaException | IllegalArgumentException e) {
      return new McpTool(server, definition, sha256, readOnly, McpTool.State.held, "", "", Map.of(), Optional.empty(), service)
          .held("invalid_schema", "the tool's input schema does not compile, so no input could be checked against it: "
              + e.getMessage(), Map.of());
    }
    return new McpTool(server, definition, sha256, readOnly, McpTool.State.held, "", "", Map.of(), Optional.of(input), service);
  }

  /** A valid tool served when its pin is its digest, else held with what changed. */
  private static McpTool judge(McpTool tool, Map<String, String> pinned, Map<String, McpToolDefinition> definitions, String unpinnable) {
    String pin = pinned.get(tool.name());
    if (tool.sha256().equals(pin)) {
      return tool.serving();
    }
    String approve = "mcp:approve " + tool.server() + " " + tool.name() + " serves it once an operator has checked the difference";
    if (pin == null) {
      String why = unpinnable.isEmpty() ? "the server lists a tool that was never approved" : unpinnable;
      return tool.held("mcp_tool_held", why + "; " + approve, tool.definition().differenceAsNew());
    }
    McpToolDefinition before = definitions.get(tool.name());
    Map<String, Object> difference = before != null && pin.equals(before.sha256())
        ? tool.definition().differenceFrom(before)
        : tool.definition().differenceFromUnknown();
    return tool.held("mcp_tool_held", "the tool's definition changed since it was approved ("
        + McpToolDefinition.summary(difference) + "); " + approve, difference);
  }

  /** Writes the pins of {@code tools} and their definitions; returns every pin of the server after. */
  private Map<String, String> pin(McpServerId server, List<McpTool> tools, String actor, boolean firstListing) {
    McpToolPins writer = pins.get().orElseThrow(() -> new GatewayException("marketplace_unavailable", 503,
        "the marketplace, which writes the lockfile, is not running; retry once it is", List.of()));
    Map<String, String> digests = new TreeMap<>();
    Map<String, McpToolDefinition> definitions = new TreeMap<>();
    tools.forEach(t -> {
      digests.put(t.name(), t.sha256());
      definitions.put(t.name(), t.definition());
    });
    LockEntry written = writer.pin(server.pluginId(), server.serverId(), digests, actor);
    approved.add(server, definitions);
    if (firstListing) {
      Map<String, Object> event = payload(server);
      event.put("tools", McpTool.names(tools));
      event.put("actor", actor);
      event.put("first_listing", true);
      events.record("mcp.tool.approved", event);
    }
    return pinsOf(Optional.of(written), server);
  }

  /** The pins of {@code server} in {@code entry}, by tool name. */
  static Map<String, String> pinsOf(Optional<LockEntry> entry, McpServerId server) {
    Map<String, String> pins = new TreeMap<>();
    String prefix = server.serverId() + "/";
    entry.ifPresent(e -> e.mcpTools().forEach((key, sha256) -> {
      if (key.startsWith(prefix)) {
        pins.put(key.substring(prefix.length()), sha256);
      }
    }));
    return pins;
  }

  /** Who approved the plugin: its first listing's tools are approved with it. */
  private static String approverOf(LockEntry entry) {
    List<LockEntry.Approver> approvers = entry.approvedBy();
    for (int i = approvers.size() - 1; i >= 0; i--) {
      if (!approvers.get(i).what().startsWith("mcp_tools ")) {
        return approvers.get(i).actor();
      }
    }
    return GATEWAY;
  }

  private void publish(McpServerId server, Map<String, McpTool> tools) {
    Map<McpServerId, Map<String, McpTool>> next = new LinkedHashMap<>(byServer);
    if (tools.isEmpty()) {
      next.remove(server);
    } else {
      next.put(server, Collections.unmodifiableMap(new LinkedHashMap<>(tools)));
    }
    Map<String, McpTool> ids = new TreeMap<>();
    next.values().forEach(listed -> listed.values().forEach(t -> ids.put(t.toolId(), t)));
    byServer = Collections.unmodifiableMap(next);
    byId = Collections.unmodifiableMap(ids);
  }

  private static Map<String, Object> payload(McpServerId server) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", server.pluginId());
    payload.put("server", server.serverId());
    return payload;
  }

  static GatewayException unknownServer(McpServerId server) {
    return new GatewayException("unknown_mcp_server", 404, "no running MCP server " + server + " lists tools",
        List.of("server", "mcp:list shows the servers and their state"));
  }
}
