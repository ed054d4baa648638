package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpTool;
import ai.tyrum.gateway.core.mcp.McpTools;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.spi.PolicyDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.JsonNode;

/**
 * Every tool the installed plugins declare and the running MCP servers list, and for an agent whether
 * each is exposed and why: the policy's decision for a served tool, {@code plugin_disabled} for a tool of
 * a plugin that is not loaded, {@code plugin_failed} for one of a refused plugin, {@code mcp_tool_held}
 * (or {@code invalid_tool_name}, {@code invalid_schema}) for an MCP tool that is not served. What
 * {@code tool:list}, {@code tool:explain}, {@code GET /tools} and the gateway's own MCP endpoint show.
 */
@Component(service = ToolCatalog.class)
public final class ToolCatalog {

  private final Plugins registry;
  private final McpTools mcpTools;
  private final CallPolicy policy;

  @Activate
  public ToolCatalog(@Reference Plugins registry, @Reference McpTools mcpTools, @Reference CallPolicy policy) {
    this.registry = registry;
    this.mcpTools = mcpTools;
    this.policy = policy;
  }

  /**
   * A tool as an agent is offered it: its id, description and input schema (JSON Schema).
   *
   * @param inputSchema the schema as JSON; for an MCP tool the server's, in the dialect it declares
   */
  public record Offered(String toolId, String description, JsonNode inputSchema) {}

  /**
   * Every tool exposed to {@code agent} now, by id, with what an agent needs to call it. A tool whose
   * schema cannot be read any more is left out: no call of it could be checked.
   */
  public List<Offered> offered(String agent) {
    List<Offered> offered = new ArrayList<>();
    for (Explanation tool : explainAll(agent)) {
      if (!tool.exposed()) {
        continue;
      }
      Optional<BoundTool> bound = registry.tool(tool.toolId()).or(() -> mcpTools.tool(tool.toolId()));
      bound.ifPresent(b -> {
        try {
          offered.add(new Offered(tool.toolId(), b.declaration().description(), b.inputSchema().tree()));
        } catch (Schemas.InvalidSchemaException e) {
          // the plugin's jar no longer holds the schema it was checked with; its calls fail the same way
        }
      });
    }
    return offered;
  }

  /** Why one tool is or is not exposed to one agent. */
  public record Explanation(
      String toolId,
      PluginRecord plugin,
      ToolDecl declaration,
      boolean optIn,
      String optInWhy,
      boolean exposed,
      String decision,
      String reason,
      String rule,
      String snapshotId,
      Map<String, Object> mcp) {

    public Explanation {
      mcp = Map.copyOf(mcp);
    }

    /** Why a plugin's tool is or is not exposed. */
    public Explanation(String toolId, PluginRecord plugin, ToolDecl declaration, boolean optIn, String optInWhy, boolean exposed,
        String decision, String reason, String rule, String snapshotId) {
      this(toolId, plugin, declaration, optIn, optInWhy, exposed, decision, reason, rule, snapshotId, Map.of());
    }

    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", toolId);
      json.put("plugin", plugin.id());
      json.put("plugin_state", plugin.state().name());
      json.put("effect", declaration.effect());
      json.put("description", declaration.description());
      json.put("opt_in", optIn);
      if (optIn) {
        json.put("opt_in_because", optInWhy);
      }
      json.put("exposed", exposed);
      json.put("decision", decision);
      json.put("reason", reason);
      json.put("rule", rule);
      json.put("policy_snapshot", snapshotId);
      if (!mcp.isEmpty()) {
        json.put("mcp", mcp);
      }
      return json;
    }
  }

  /** Every declared tool, by id. */
  public List<Explanation> explainAll(String agent) {
    List<Explanation> all = new ArrayList<>();
    for (PluginRecord plugin : registry.plugins()) {
      plugin.manifest().ifPresent(m -> m.tools().forEach(t -> explain(plugin, m, t, agent).ifPresent(all::add)));
    }
    mcpTools.tools().forEach(tool -> explainMcp(tool, agent).ifPresent(all::add));
    all.sort(Comparator.comparing(Explanation::toolId));
    return all;
  }

  /**
   * Replays the decision that policy snapshot {@code snapshotId} gave a served tool, as an audit
   * record names it.
   */
  public Optional<Explanation> replay(String toolId, String agent, String snapshotId) {
    if (registry.tool(toolId).isEmpty()) {
      return mcpTools.tool(toolId).flatMap(tool -> policy.replay(tool.descriptor(), agent, snapshotId).flatMap(decision ->
          mcpTools.listed(toolId).flatMap(listed -> explainMcp(listed, agent)).map(now -> new Explanation(toolId, now.plugin(),
              now.declaration(), now.optIn(), now.optInWhy(), decision.exposed(), decision.decision().name(), decision.reason(),
              decision.rule(), decision.snapshotId(), now.mcp()))));
    }
    return registry.tool(toolId).flatMap(tool -> policy.replay(tool.descriptor(), agent, snapshotId).map(decision -> {
      PluginManifest manifest = tool.plugin().manifest().orElseThrow();
      Explanation now = explain(tool.plugin(), manifest, tool.declaration(), agent).orElseThrow();
      return new Explanation(toolId, tool.plugin(), tool.declaration(), now.optIn(), now.optInWhy(), decision.exposed(),
          decision.decision().name(), decision.reason(), decision.rule(), decision.snapshotId());
    }));
  }

  /** The tool {@code toolId}; a loaded plugin's tool wins over a stale bundle's declaration. */
  public Optional<Explanation> explain(String toolId, String agent) {
    Optional<BoundTool> served = registry.tool(toolId);
    if (served.isPresent()) {
      BoundTool tool = served.get();
      return explain(tool.plugin(), tool.plugin().manifest().orElseThrow(), tool.declaration(), agent);
    }
    Optional<McpTool> listed = toolId.startsWith("mcp.") ? mcpTools.listed(toolId) : Optional.empty();
    if (listed.isPresent()) {
      return explainMcp(listed.get(), agent);
    }
    return explainAll(agent).stream().filter(e -> e.toolId().equals(toolId)).findFirst();
  }

  private Optional<Explanation> explain(PluginRecord plugin, PluginManifest manifest, ToolDecl declaration, String agent) {
    String toolId = manifest.toolId(declaration.name());
    boolean accessExpanding = manifest.accessExpanding();
    boolean optIn = declaration.stateChanging() || accessExpanding;
    String optInWhy =
        declaration.stateChanging()
            ? (accessExpanding ? "state_changing tool of a plugin with an access-expanding permission" : "state_changing tool")
            : "plugin holds an access-expanding permission";
    Optional<BoundTool> served = registry.tool(toolId).filter(t -> t.plugin().bundleId() == plugin.bundleId());
    if (served.isEmpty()) {
      if (plugin.state() == PluginState.loaded) {
        // declared and loaded but its service has not arrived (or was withdrawn)
        return Optional.of(new Explanation(toolId, plugin, declaration, optIn, optInWhy, false, "deny", "tool_unavailable",
            "the plugin does not serve this tool right now", ""));
      }
      if (registry.tool(toolId).isPresent()) {
        return Optional.empty(); // another bundle of the same plugin serves it
      }
      String reason = plugin.state() == PluginState.failed ? "plugin_failed" : "plugin_disabled";
      return Optional.of(new Explanation(toolId, plugin, declaration, optIn, optInWhy, false, "deny", reason,
          "plugin " + plugin.id() + " is " + plugin.state().name() + (plugin.reason().isEmpty() ? "" : " (" + plugin.reason() + ")"), ""));
    }
    PolicyDecision decision = policy.decide(served.get().descriptor(), agent);
    return Optional.of(new Explanation(toolId, plugin, declaration, optIn, optInWhy, decision.exposed(),
        decision.decision().name(), decision.reason(), decision.rule(), decision.snapshotId()));
  }

  /**
   * An MCP tool: opt-in unless its server marks it read-only and policy trusts the server's hints; held,
   * it is not exposed and says what changed. Empty while its plugin is not known.
   */
  private Optional<Explanation> explainMcp(McpTool tool, String agent) {
    McpServerId server = tool.server();
    Optional<PluginRecord> plugin = registry.plugin(server.pluginId());
    if (plugin.isEmpty()) {
      return Optional.empty();
    }
    boolean trusted = policy.trustsToolHints(server.pluginId(), server.serverId());
    boolean accessExpanding = plugin.get().manifest().map(PluginManifest::accessExpanding).orElse(true);
    boolean optIn = tool.optIn(trusted, accessExpanding);
    String optInWhy = tool.optInWhy(trusted, accessExpanding);
    ToolDecl declaration = new ToolDecl(tool.name(), optIn ? "state_changing" : "read_only",
        tool.inputSchema().map(PluginSchema::path).orElse(""), "", tool.definition().description());
    Map<String, Object> mcp = new LinkedHashMap<>(tool.toJson());
    mcp.remove("id");
    mcp.put("hints_trusted", trusted);
    Optional<BoundTool> served = mcpTools.tool(tool.toolId());
    if (served.isEmpty()) {
      String reason = tool.served() ? (plugin.get().state() == PluginState.loaded ? "tool_unavailable" : "plugin_disabled") : tool.reason();
      String rule = tool.served() ? "plugin " + server.pluginId() + " is " + plugin.get().state().name() : tool.message();
      return Optional.of(new Explanation(tool.toolId(), plugin.get(), declaration, optIn, optInWhy, false, "deny", reason, rule, "", mcp));
    }
    PolicyDecision decision = policy.decide(served.get().descriptor(), agent);
    return Optional.of(new Explanation(tool.toolId(), plugin.get(), declaration, optIn, optInWhy, decision.exposed(),
        decision.decision().name(), decision.reason(), decision.rule(), decision.snapshotId(), mcp));
  }
}
