package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.core.manifest.PluginManifest;
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

/**
 * Every tool the installed plugins declare, and for an agent whether each is exposed and why: the
 * policy's decision for a served tool, {@code plugin_disabled} for a tool of a plugin that is not
 * loaded, {@code plugin_failed} for one of a refused plugin. What {@code tool:list}, {@code tool:explain} and {@code GET /tools} show.
 */
@Component(service = ToolCatalog.class)
public final class ToolCatalog {

  private final Plugins registry;
  private final CallPolicy policy;

  @Activate
  public ToolCatalog(@Reference Plugins registry, @Reference CallPolicy policy) {
    this.registry = registry;
    this.policy = policy;
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
      String snapshotId) {

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
      return json;
    }
  }

  /** Every declared tool, by id. */
  public List<Explanation> explainAll(String agent) {
    List<Explanation> all = new ArrayList<>();
    for (PluginRecord plugin : registry.plugins()) {
      plugin.manifest().ifPresent(m -> m.tools().forEach(t -> explain(plugin, m, t, agent).ifPresent(all::add)));
    }
    all.sort(Comparator.comparing(Explanation::toolId));
    return all;
  }

  /**
   * Replays the decision that policy snapshot {@code snapshotId} gave a served tool, as an audit
   * record names it.
   */
  public Optional<Explanation> replay(String toolId, String agent, String snapshotId) {
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
}
