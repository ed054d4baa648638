package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.invoke.CallPolicy;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.McpToolPins;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.ToolDescriptor;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Puts the tools of the running MCP servers into the catalogue as {@code mcp.<plugin-id>.<server>.<tool>},
 * bound for the call path like a plugin's tools: the supervisor tells it what each server lists
 * ({@link McpToolsListener}), and the call path and the catalogue look tools up here ({@link McpTools}).
 * A served tool is opt-in ({@link ToolDescriptor#stateChanging()}) unless its server marks it read-only
 * and policy trusts that server's hints, decided at each lookup so that a policy reload applies at once.
 *
 * <p>Listings are handled off the supervisor's threads, in order: pinning writes the lockfile through
 * the marketplace, which may be busy installing the very plugin whose server just started.
 */
@Component(service = {McpToolsListener.class, McpTools.class})
public final class McpToolBridge implements McpToolsListener, McpTools {

  private static final System.Logger LOG = System.getLogger(McpToolBridge.class.getName());
  /** What an MCP tool's output is checked against: the call path needs an object, whatever the server says. */
  private static final PluginSchema OUTPUT =
      PluginSchema.of("mcp:output", new Schemas().compile(Json.MAPPER.readTree("{\"type\":\"object\"}")));

  private final Plugins plugins;
  private final CallPolicy policy;
  private final McpToolCatalogue catalogue;
  private final ExecutorService listings = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "tyrum-mcp-tools");
    thread.setDaemon(true);
    return thread;
  });
  private volatile PluginLock lock;
  private volatile McpToolPins pins;
  private volatile McpServers servers;

  @Activate
  public McpToolBridge(
      @Reference Plugins plugins, @Reference CallPolicy policy, @Reference DataDirectory data, @Reference GatewayEvents events) {
    this.plugins = plugins;
    this.policy = policy;
    this.catalogue = new McpToolCatalogue(
        () -> Optional.ofNullable(lock), () -> Optional.ofNullable(pins), () -> Optional.ofNullable(servers),
        new ApprovedDefinitions(data), events);
  }

  @Deactivate
  public void deactivate() {
    listings.shutdownNow();
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  void bindLock(PluginLock lock) {
    this.lock = lock;
  }

  void unbindLock(PluginLock lock) {
    if (this.lock == lock) {
      this.lock = null;
    }
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  void bindPins(McpToolPins pins) {
    this.pins = pins;
  }

  void unbindPins(McpToolPins pins) {
    if (this.pins == pins) {
      this.pins = null;
    }
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  void bindServers(McpServers servers) {
    this.servers = servers;
  }

  void unbindServers(McpServers servers) {
    if (this.servers == servers) {
      this.servers = null;
    }
  }

  @Override
  public void toolsListed(McpServerId id, List<McpSchema.Tool> tools) {
    later(() -> catalogue.listed(id, tools), id);
  }

  @Override
  public void serverStopped(McpServerId id) {
    later(() -> catalogue.stopped(id), id);
  }

  private void later(Runnable change, McpServerId id) {
    try {
      listings.execute(() -> {
        try {
          change.run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "the tools of MCP server " + id + " could not be put in the catalogue", e);
        }
      });
    } catch (RejectedExecutionException stopping) {
      // the gateway stops: the catalogue goes with it
    }
  }

  @Override
  public Optional<BoundTool> tool(String toolId) {
    return catalogue.tool(toolId).filter(McpTool::served).flatMap(this::bound);
  }

  @Override
  public List<McpTool> tools() {
    return catalogue.tools();
  }

  /** The tools server {@code id} lists now, served and held. */
  public List<McpTool> tools(McpServerId id) {
    return catalogue.tools(id);
  }

  @Override
  public Map<String, Object> approve(McpServerId server, List<String> tools, String actor) {
    return catalogue.approve(server, tools, actor);
  }

  /** A served tool bound for the call path, while its plugin is loaded. */
  private Optional<BoundTool> bound(McpTool tool) {
    McpServerId server = tool.server();
    return plugins.plugin(server.pluginId()).filter(p -> p.state() == PluginState.loaded).map(plugin -> {
      boolean accessExpanding = plugin.manifest().map(PluginManifest::accessExpanding).orElse(true);
      boolean optIn = tool.optIn(policy.trustsToolHints(server.pluginId(), server.serverId()), accessExpanding);
      ToolDecl declaration = new ToolDecl(tool.name(), optIn ? "state_changing" : "read_only",
          tool.inputSchema().orElseThrow().path(), OUTPUT.path(), tool.definition().description());
      return new BoundTool(tool.toolId(), plugin, declaration, tool.service(), tool.inputSchema().orElseThrow(), OUTPUT,
          new ToolDescriptor(tool.toolId(), server.pluginId(), optIn, accessExpanding));
    });
  }
}
