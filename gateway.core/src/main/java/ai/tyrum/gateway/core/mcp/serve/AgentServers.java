package ai.tyrum.gateway.core.mcp.serve;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.invoke.ToolCatalog;
import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpToolsListener;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The MCP servers of the agents that have live sessions at {@code /mcp}, one per agent, each serving the
 * tools {@link ToolCatalog} exposes to that agent with their schemas from the registry.
 *
 * <p>When plugins come and go ({@code plugin.lifecycle} events, and plugin tool services, which may arrive
 * after their plugin's {@code loaded}), policy changes ({@code policy.changed}) or MCP servers' tools
 * change ({@code mcp.*} events, and the supervisor's {@link McpToolsListener} calls), each live agent's
 * exposed set is computed again, and an agent whose set changed is told with one
 * {@code notifications/tools/list_changed} on each of its sessions. Triggers that come together are
 * taken as one, off the callers' threads.
 */
@Component(
    service = {AgentServers.class, EventHandler.class, McpToolsListener.class},
    property = {
      EventConstants.EVENT_TOPIC + "=tyrum/plugin/lifecycle",
      EventConstants.EVENT_TOPIC + "=tyrum/policy/changed",
      EventConstants.EVENT_TOPIC + "=tyrum/mcp/*"
    })
public final class AgentServers implements EventHandler, McpToolsListener {

  /** How many sessions one token keeps; opening one more closes its oldest, so an agent that never ends its sessions cannot fill memory. */
  static final int SESSIONS_PER_TOKEN = 16;

  private static final System.Logger LOG = System.getLogger(AgentServers.class.getName());
  /** Triggers within this delay are taken as one: a plugin's load brings an event and each of its tools. */
  private static final long SETTLE_MS = 50;

  private final ToolCatalog catalog;
  private final Plugins registry;
  private final ToolInvoker tools;
  private final String version;
  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
  private final JsonSchemaValidator validator = new DefaultJsonSchemaValidator(Json.MAPPER);
  /** Guarded by {@code this} where sessions open and servers are dropped. */
  private final Map<String, AgentServer> servers = new ConcurrentHashMap<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "tyrum-mcp-tools");
    thread.setDaemon(true);
    return thread;
  });

  @Activate
  public AgentServers(
      @Reference ToolCatalog catalog, @Reference Plugins registry, @Reference ToolInvoker tools, BundleContext context) {
    this.catalog = catalog;
    this.registry = registry;
    this.tools = tools;
    this.version = context.getBundle().getVersion().toString();
  }

  @Deactivate
  void deactivate() {
    refresher.shutdownNow();
    synchronized (this) {
      servers.values().forEach(AgentServer::stop);
      servers.clear();
    }
  }

  /** The JSON mapper of the SDK, over the gateway's own. */
  McpJsonMapper mapper() {
    return mapper;
  }

  // --- sessions -------------------------------------------------------------------------------

  /**
   * Opens a session of {@code agent} for the token {@code tokenId}, on the agent's server with its
   * exposed tools as of now. The token's oldest session is closed when it holds
   * {@value #SESSIONS_PER_TOKEN} already.
   */
  synchronized Opened open(String agent, String tokenId, McpSchema.InitializeRequest request) {
    List<Owned> owned = new ArrayList<>();
    servers.values().forEach(server -> server.sessions().stream()
        .filter(live -> live.tokenId().equals(tokenId))
        .forEach(live -> owned.add(new Owned(server, live))));
    owned.sort(Comparator.comparingLong(o -> o.live().opened()));
    for (int i = 0; i <= owned.size() - SESSIONS_PER_TOKEN; i++) {
      Owned oldest = owned.get(i);
      oldest.server().ended(oldest.live().session().getId());
      oldest.live().session().close();
    }
    AgentServer server = servers.computeIfAbsent(agent, a -> new AgentServer(a, version, mapper, validator, tools));
    server.serve(exposed(agent));
    return new Opened(server, server.open(request, tokenId));
  }

  /** A session just opened, and the server it belongs to. */
  record Opened(AgentServer server, McpStreamableServerSession.McpStreamableServerSessionInit init) {}

  private record Owned(AgentServer server, AgentServer.Live live) {}

  /**
   * The server of {@code agent} if it holds session {@code sessionId} opened by the token {@code tokenId}:
   * another token's session, or another agent's, is not found.
   */
  Optional<AgentServer> holding(String agent, String sessionId, String tokenId) {
    AgentServer server = servers.get(agent);
    return server != null && server.session(sessionId, tokenId).isPresent() ? Optional.of(server) : Optional.empty();
  }

  /** How many sessions are live. */
  public int sessions() {
    return servers.values().stream().mapToInt(server -> server.sessions().size()).sum();
  }

  /** How many live sessions hold a stream open for the gateway's notifications. */
  public int listening() {
    return (int) servers.values().stream()
        .flatMap(server -> server.sessions().stream())
        .filter(live -> live.session().hasListeningStream())
        .count();
  }

  // --- what each agent sees -------------------------------------------------------------------

  @Override
  public void handleEvent(Event event) {
    changed();
  }

  @Reference(
      service = Tool.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "toolLeft")
  void toolArrived(ServiceReference<Tool> reference) {
    changed();
  }

  void toolLeft(ServiceReference<Tool> reference) {
    changed();
  }

  /** A plugin's MCP server listed its tools: the bridged ones in the catalogue may have changed. */
  @Override
  public void toolsListed(McpServerId id, List<McpSchema.Tool> tools) {
    changed();
  }

  @Override
  public void serverStopped(McpServerId id) {
    changed();
  }

  /** Something that may change what agents see happened: compute it again shortly, once. */
  private void changed() {
    if (pending.compareAndSet(false, true)) {
      try {
        refresher.schedule(this::refresh, SETTLE_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        pending.set(false);
      }
    }
  }

  /** Serves each live agent its exposed tools as of now; drops the servers of agents without sessions. */
  synchronized void refresh() {
    pending.set(false);
    for (AgentServer server : List.copyOf(servers.values())) {
      if (server.sessions().isEmpty()) {
        servers.remove(server.agent());
        server.stop();
        continue;
      }
      try {
        server.serve(exposed(server.agent()));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the MCP tools of agent " + server.agent() + " were not updated", e);
      }
    }
  }

  /** The tools exposed to {@code agent}, as MCP describes them. */
  List<McpSchema.Tool> exposed(String agent) {
    List<McpSchema.Tool> exposed = new ArrayList<>();
    for (ToolCatalog.Explanation tool : catalog.explainAll(agent)) {
      if (tool.exposed()) {
        registry.tool(tool.toolId()).flatMap(AgentServers::describe).ifPresent(exposed::add);
      }
    }
    return exposed;
  }

  /**
   * A plugin tool as MCP lists it: its id, description, input and output schemas, and whether it only
   * reads. The output schema is given so that MCP clients may check the structured content against it.
   */
  @SuppressWarnings("unchecked")
  private static Optional<McpSchema.Tool> describe(BoundTool tool) {
    try {
      return Optional.of(McpSchema.Tool.builder()
          .name(tool.toolId())
          .description(tool.declaration().description())
          .inputSchema(Json.MAPPER.treeToValue(tool.inputSchema().tree(), Map.class))
          .outputSchema(Json.MAPPER.treeToValue(tool.outputSchema().tree(), Map.class))
          .annotations(new McpSchema.ToolAnnotations(null, !tool.declaration().stateChanging(), null, null, null, null))
          .build());
    } catch (Schemas.InvalidSchemaException e) {
      // the call path refuses the tool the same way when it is called
      LOG.log(System.Logger.Level.WARNING, "MCP does not list " + tool.toolId() + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
