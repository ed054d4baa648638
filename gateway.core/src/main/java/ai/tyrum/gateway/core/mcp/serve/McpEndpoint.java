package ai.tyrum.gateway.core.mcp.serve;

import ai.tyrum.gateway.core.http.ApiContext;
import ai.tyrum.gateway.core.http.McpResource;
import ai.tyrum.gateway.lib.http.JsonBody;
import ai.tyrum.gateway.spi.GatewayException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /mcp}: MCP's streamable HTTP transport (MCP 2025-06-18, Transports) on the gateway's HTTP port,
 * the glue between the servlet container and the SDK's sessions of {@link AgentServers}. POST carries one
 * JSON-RPC message (initialize is answered with JSON, a request with a stream of server-sent events that
 * ends with its response); GET opens the session's stream for the gateway's notifications; DELETE ends
 * the session.
 *
 * <p>The SDK has a servlet transport of its own, {@code HttpServletStreamableServerTransportProvider},
 * but its bundle imports {@code jakarta.servlet} {@code [6.1,7)} (optionally), and the run set's servlet
 * API is 6.0: the import stays unwired and the class cannot load in the framework. This class does what
 * it does for the gateway's servlet whiteboard, with the gateway's own checks in front: the {@code tyrum}
 * context has admitted the bearer token with scope {@code tools.invoke} ({@link McpResource}); here the
 * {@code Origin} is checked, and a session is found only for the token that opened it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern(McpResource.PATH)
@HttpWhiteboardServletName("tyrum-mcp")
@HttpWhiteboardServletAsyncSupported
public final class McpEndpoint extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";
  /** The most one MCP message may take, as for the HTTP API's bodies. */
  private static final int MAX_BODY = JsonBody.MAX_BYTES;

  private final transient McpResource resource;
  private final transient AgentServers servers;

  @Activate
  public McpEndpoint(@Reference McpResource resource, @Reference AgentServers servers) {
    this.resource = resource;
    this.servers = servers;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      if (!Origins.allowed(Optional.ofNullable(request.getHeader("Origin")), request.getLocalAddr(), request.getLocalPort())) {
        throw new Refusal(403, "forbidden_origin",
            "the Origin " + request.getHeader("Origin") + " is not this gateway's: MCP is served only to pages of the"
                + " gateway's own origin and to clients that send no Origin", List.of("Origin"));
      }
      McpResource.Caller caller = resource.caller(request);
      switch (request.getMethod()) {
        case "POST" -> post(caller, request, response);
        case "GET" -> listen(caller, request, response);
        case "DELETE" -> end(caller, request, response);
        default -> {
          response.setHeader("Allow", "DELETE, GET, POST");
          throw new Refusal(405, "method_not_allowed", "MCP's endpoint answers POST, GET and DELETE", List.of("DELETE", "GET", "POST"));
        }
      }
    } catch (GatewayException refusal) {
      if (!response.isCommitted()) {
        McpResource.refuse(response, refusal);
      }
    } catch (RuntimeException failure) {
      if (!response.isCommitted()) {
        McpResource.fail(response, request.getMethod() + " " + McpResource.PATH, failure);
      }
    }
  }

  /** One JSON-RPC message from the client. */
  private void post(McpResource.Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
    requireAccept(request, JSON, EVENT_STREAM);
    McpSchema.JSONRPCMessage message = read(request);
    McpTransportContext context = McpTransportContext.create(Map.of(AgentServer.TOKEN, caller.tokenId()));
    if (message instanceof McpSchema.JSONRPCRequest initialize && initialize.method().equals(McpSchema.METHOD_INITIALIZE)) {
      McpSchema.InitializeRequest init =
          servers.mapper().convertValue(initialize.params(), new TypeRef<McpSchema.InitializeRequest>() {});
      AgentServers.Opened opened = servers.open(caller.agent(), caller.tokenId(), init);
      McpSchema.InitializeResult result = opened.init().initResult().block();
      response.setHeader(HttpHeaders.MCP_SESSION_ID, opened.init().session().getId());
      writeJson(response, McpSchema.JSONRPCResponse.result(initialize.id(), result));
      return;
    }
    requireProtocolVersion(request);
    AgentServer server = holder(caller, request);
    McpStreamableServerSession session = server.session(sessionId(request), caller.tokenId()).orElseThrow();
    if (message instanceof McpSchema.JSONRPCResponse answer) {
      session.accept(answer).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
      response.setStatus(202);
    } else if (message instanceof McpSchema.JSONRPCNotification notification) {
      session.accept(notification).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
      response.setStatus(202);
    } else if (message instanceof McpSchema.JSONRPCRequest call
        && call.method().equals(McpSchema.METHOD_TOOLS_CALL) && !server.serves(toolName(call))) {
      // A tool the agent is not served (unknown, not exposed, or gone since its list): the call path
      // refuses it as the HTTP API does, as a tool error rather than the SDK's protocol error.
      McpSchema.CallToolRequest params = servers.mapper().convertValue(call.params(), new TypeRef<McpSchema.CallToolRequest>() {});
      writeJson(response, McpSchema.JSONRPCResponse.result(call.id(),
          server.call(context, params.name(), Optional.ofNullable(params.arguments()))));
    } else if (message instanceof McpSchema.JSONRPCRequest call) {
      SseStream stream = stream(request, response, session.getId());
      try {
        session.responseStream(call, stream).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
      } finally {
        stream.close(); // the SDK closes it after the response; this is for when it failed before
      }
    }
  }

  /** GET: the session's stream of the gateway's own messages, its tool-list changes. */
  private void listen(McpResource.Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
    requireAccept(request, EVENT_STREAM);
    requireProtocolVersion(request);
    AgentServer server = holder(caller, request);
    McpStreamableServerSession session = server.session(sessionId(request), caller.tokenId()).orElseThrow();
    // A Last-Event-ID is not resumed from (the SDK's sessions keep no history): the stream starts afresh.
    SseStream stream = stream(request, response, session.getId());
    McpStreamableServerSession.McpStreamableServerSessionStream listening = session.listeningStream(stream);
    request.getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        listening.close();
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        listening.close();
      }

      @Override
      public void onError(AsyncEvent event) {
        listening.close();
      }

      @Override
      public void onStartAsync(AsyncEvent event) {}
    });
    response.flushBuffer(); // the client learns the stream is open before the first event
  }

  /** DELETE: the client ends its session. */
  private void end(McpResource.Caller caller, HttpServletRequest request, HttpServletResponse response) {
    requireProtocolVersion(request);
    AgentServer server = holder(caller, request);
    String id = sessionId(request);
    McpStreamableServerSession session = server.session(id, caller.tokenId()).orElseThrow();
    server.ended(id);
    session.delete().block();
    response.setStatus(200);
  }

  /**
   * The agent's server holding the request's session, if the caller's token opened it.
   *
   * @throws Refusal 400 {@code missing_session} without an {@code Mcp-Session-Id}; 404 {@code unknown_session}
   *     for a session that ended, never was, or is another token's (MCP: the client then starts a new one)
   */
  private AgentServer holder(McpResource.Caller caller, HttpServletRequest request) {
    String id = sessionId(request);
    return servers.holding(caller.agent(), id, caller.tokenId())
        .orElseThrow(() -> new Refusal(404, "unknown_session",
            "no MCP session " + id + " of this token and agent " + caller.agent() + ": it ended, or another token opened it;"
                + " start a new session with initialize", List.of(HttpHeaders.MCP_SESSION_ID)));
  }

  private static String sessionId(HttpServletRequest request) {
    String id = request.getHeader(HttpHeaders.MCP_SESSION_ID);
    if (id == null || id.isBlank()) {
      throw new Refusal(400, "missing_session",
          "send the Mcp-Session-Id the initialize response gave, or initialize first", List.of(HttpHeaders.MCP_SESSION_ID));
    }
    return id.strip();
  }

  /** MCP 2025-06-18: a version the server does not support is answered 400; without the header, the client is older. */
  private void requireProtocolVersion(HttpServletRequest request) {
    String version = request.getHeader(HttpHeaders.PROTOCOL_VERSION);
    List<String> supported = AgentServer.PROTOCOL_VERSIONS;
    if (version != null && !supported.contains(version.strip())) {
      throw new Refusal(400, "unsupported_protocol_version",
          "MCP protocol version " + version + " is not supported; this gateway speaks " + String.join(", ", supported),
          List.of(HttpHeaders.PROTOCOL_VERSION));
    }
  }

  private static void requireAccept(HttpServletRequest request, String... types) {
    String accept = Optional.ofNullable(request.getHeader("Accept")).orElse("");
    for (String type : types) {
      if (!accept.contains(type) && !accept.contains("*/*")) {
        throw new Refusal(406, "not_acceptable",
            "the Accept header must list " + String.join(" and ", types) + " (MCP streamable HTTP)", List.of("Accept"));
      }
    }
  }

  private McpSchema.JSONRPCMessage read(HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new Refusal(413, "body_too_large", "an MCP message is at most " + MAX_BODY + " bytes", List.of());
    }
    try {
      return McpSchema.deserializeJsonRpcMessage(servers.mapper(), new String(body, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new Refusal(400, "invalid_message", "the body is not one JSON-RPC message: " + e.getMessage(), List.of("body"));
    }
  }

  /** The tool a {@code tools/call} names, or "" when it names none (the SDK then answers the malformed call). */
  private static String toolName(McpSchema.JSONRPCRequest call) {
    return call.params() instanceof Map<?, ?> params && params.get("name") instanceof String name ? name : "";
  }

  private SseStream stream(HttpServletRequest request, HttpServletResponse response, String sessionId) throws IOException {
    response.setStatus(200);
    response.setContentType(EVENT_STREAM);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader(HttpHeaders.MCP_SESSION_ID, sessionId);
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // a stream stays open until the session or the client ends it
    return new SseStream(sessionId, async, servers.mapper());
  }

  private void writeJson(HttpServletResponse response, Object message) throws IOException {
    byte[] bytes = servers.mapper().writeValueAsBytes(message);
    response.setStatus(200);
    response.setContentType(JSON);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  /** What the endpoint refuses itself, answered in the API's error shape. */
  static final class Refusal extends GatewayException {
    private static final long serialVersionUID = 1L;

    Refusal(int status, String code, String message, List<String> details) {
      super(code, status, message, details);
    }
  }
}
