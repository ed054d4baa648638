package ai.tyrum.gateway.core.mcp.serve;

import ai.tyrum.gateway.core.invoke.ToolInvoker;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The MCP server one agent's sessions talk to: an SDK server ({@code McpServer.sync}, tools with
 * list-changed notifications) whose tools are exactly those exposed to the agent, and the transport
 * provider the SDK sees, which holds the agent's live sessions. Sessions, JSON-RPC and the protocol are
 * the SDK's; {@link McpEndpoint} carries HTTP to and from them.
 */
final class AgentServer implements McpStreamableServerTransportProvider {

  /** The transport context key of the id of the token a request came with. */
  static final String TOKEN = "tyrum.token";

  /** The MCP versions the SDK's sessions speak, newest last; initialize settles on one of them. */
  static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05, ProtocolVersions.MCP_2025_03_26,
      ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

  private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());

  /** A live session and the token that opened it, which alone may use it. */
  record Live(McpStreamableServerSession session, String tokenId, long opened) {}

  private final String agent;
  private final ToolInvoker tools;
  private final McpSyncServer server;
  private final Map<String, Live> sessions = new ConcurrentHashMap<>();
  /** The tools served now, by name; guarded by {@code this}. */
  private Map<String, McpSchema.Tool> served = Map.of();
  /** While the tool set changes, the SDK's notification per tool is held, so that one goes out for the change. */
  private volatile boolean changing;
  private volatile McpStreamableServerSession.Factory factory;

  AgentServer(String agent, String version, McpJsonMapper mapper, JsonSchemaValidator validator, ToolInvoker tools) {
    this.agent = agent;
    this.tools = tools;
    this.server =
        McpServer.sync(this)
            .serverInfo("tyrum-gateway", version)
            .jsonMapper(mapper)
            .jsonSchemaValidator(validator)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            // the call path validates the input against the tool's schema and answers as the HTTP API does
            .validateToolInputs(false)
            .build();
  }

  String agent() {
    return agent;
  }

  // --- the SDK's side -------------------------------------------------------------------------

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    this.factory = factory;
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    if (changing) {
      return Mono.empty();
    }
    return Mono.fromRunnable(() -> sessions.values().forEach(live -> {
      try {
        live.session().sendNotification(method, params).block();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "MCP session " + live.session().getId() + " missed " + method + ": " + e.getMessage());
      }
    }));
  }

  @Override
  public List<String> protocolVersions() {
    return PROTOCOL_VERSIONS;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> {
      List<Live> open = new ArrayList<>(sessions.values());
      sessions.clear();
      open.forEach(live -> live.session().close());
    });
  }

  // --- sessions -------------------------------------------------------------------------------

  /** Starts a session for the token {@code tokenId}; the SDK answers the initialize request. */
  McpStreamableServerSession.McpStreamableServerSessionInit open(McpSchema.InitializeRequest request, String tokenId) {
    McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
    sessions.put(init.session().getId(), new Live(init.session(), tokenId, System.nanoTime()));
    return init;
  }

  /** The session {@code id} if the token {@code tokenId} opened it: another token's session is not there for it. */
  Optional<McpStreamableServerSession> session(String id, String tokenId) {
    Live live = sessions.get(id);
    return live == null || !live.tokenId().equals(tokenId) ? Optional.empty() : Optional.of(live.session());
  }

  /** Forgets session {@code id}, which ended. */
  void ended(String id) {
    sessions.remove(id);
  }

  /** The live sessions. */
  List<Live> sessions() {
    return List.copyOf(sessions.values());
  }

  /** Closes every session and the SDK server. */
  void stop() {
    server.close();
  }

  // --- tools ----------------------------------------------------------------------------------

  /** Whether {@code name} is one of the tools served now. */
  synchronized boolean serves(String name) {
    return served.containsKey(name);
  }

  /** The tools served now. */
  synchronized Set<String> served() {
    return served.keySet();
  }

  /**
   * Serves exactly {@code exposed} from now on, and tells the sessions with one
   * {@code notifications/tools/list_changed} when that changed anything.
   *
   * @return whether the tool list changed
   */
  synchronized boolean serve(List<McpSchema.Tool> exposed) {
    Map<String, McpSchema.Tool> next = new LinkedHashMap<>();
    exposed.forEach(tool -> next.put(tool.name(), tool));
    if (next.equals(served)) {
      return false;
    }
    changing = true;
    try {
      for (String name : served.keySet()) {
        if (!served.get(name).equals(next.get(name))) {
          server.removeTool(name);
        }
      }
      for (McpSchema.Tool tool : next.values()) {
        if (!tool.equals(served.get(tool.name()))) {
          server.addTool(new SyncToolSpecification(tool, this::call));
        }
      }
    } finally {
      changing = false;
      served = Map.copyOf(next);
    }
    server.notifyToolsListChanged();
    return true;
  }

  /** A {@code tools/call} of a served tool, through the one call path as this agent. */
  private CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request) {
    return call(exchange.transportContext(), request.name(), Optional.ofNullable(request.arguments()));
  }

  /** A {@code tools/call} of {@code name}, served or not: the call path decides and answers. */
  CallToolResult call(McpTransportContext context, String name, Optional<Map<String, Object>> arguments) {
    if (!(context.get(TOKEN) instanceof String tokenId)) {
      throw new IllegalStateException("an MCP request reached agent " + agent + "'s server without its token");
    }
    return ToolResults.call(tools, agent, "token:" + tokenId, name, arguments);
  }
}
