package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.config.ConfigService;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.RouteRequest;
import ai.tyrum.gateway.api.RouteResponse;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.command.CommandDispatcher;
import ai.tyrum.gateway.core.config.ConfigChange;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.core.export.SupportExport;

import ai.tyrum.gateway.core.events.EventRecorder;
import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolCatalog;

import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.core.registry.BoundRoute;
import ai.tyrum.gateway.core.registry.PluginRecord;

import ai.tyrum.gateway.core.status.GatewayStatus;
import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.core.token.TokenStore;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.Approvals;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's HTTP API (DESIGN section 7), one servlet on the HTTP whiteboard. Every path but
 * {@code /healthz} needs a bearer token with the scope the path asks for; plugin routes are served
 * only under {@code /plugins/<id>/rpc/<path>} and only when declared and loaded. Errors are always
 * {@code {"error":{"code","message","details"}}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("tyrum-api")
public final class ApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final int MAX_BODY = 1024 * 1024;
  private static final JsonMapper JSON = Json.MAPPER;

  private static final Pattern PLUGIN = Pattern.compile("^/plugins/([^/]+)$");
  private static final Pattern PLUGIN_RPC = Pattern.compile("^/plugins/([^/]+)/rpc/(.+)$");
  private static final Pattern TOOL_INVOKE = Pattern.compile("^/tools/([^/]+)/invoke$");
  private static final Pattern APPROVAL_DECIDE = Pattern.compile("^/approvals/([^/]+)/(approve|deny)$");
  private static final Pattern PLUGIN_CONFIG = Pattern.compile("^/plugins/([^/]+)/config(/schema)?$");

  @Reference transient Plugins registry;
  @Reference transient ToolInvoker tools;
  @Reference transient ToolCatalog catalog;
  @Reference transient CommandDispatcher commands;
  @Reference transient GatewayStatus status;
  @Reference transient TokenStore tokens;
  @Reference transient EventRecorder events;
  @Reference transient AuditTrail audit;
  @Reference transient SupportExport export;
  @Reference transient ConfigService configs;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  transient volatile Approvals approvals;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
    try {
      if (path.equals("/export")) {
        requireMethod(request.getMethod(), "GET");
        authorize(request, "operator.read");
        byte[] zip = export.zip();
        response.setStatus(200);
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"tyrum-support-export.zip\"");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(zip.length);
        response.getOutputStream().write(zip);
        return;
      }
      Object body = route(request.getMethod(), path.isEmpty() ? "/" : path, request);
      write(response, 200, body);
    } catch (ApprovalRequiredException e) {
      Map<String, Object> pending = new LinkedHashMap<>();
      pending.put("decision", "require_approval");
      pending.put("policy_snapshot", e.approval().call().snapshotId());
      pending.put("approval", e.approval().toJson());
      write(response, 202, pending);
    } catch (GatewayException e) {
      write(response, e.status(), error(e.code(), e.getMessage(), e.details()));
    } catch (RuntimeException e) {
      write(response, 500, error("internal_error", "the gateway failed to answer; see its log", List.of()));
      log("request failed: " + request.getMethod() + " " + path, e);
    }
  }

  private Object route(String method, String path, HttpServletRequest request) throws IOException {
    if (path.equals("/healthz")) {
      requireMethod(method, "GET");
      if (!status.ready()) {
        throw new ApiError(503, "starting", "the gateway is still starting");
      }
      return Map.of("status", "ok");
    }
    Matcher rpc = PLUGIN_RPC.matcher(path);
    if (rpc.matches()) {
      return pluginRoute(method, decode(rpc.group(1)), rpc.group(2), request);
    }
    switch (path) {
      case "/status" -> {
        requireMethod(method, "GET");
        authorize(request, "operator.read");
        return status.report();
      }
      case "/plugins" -> {
        requireMethod(method, "GET");
        authorize(request, "operator.read");
        return Map.of("plugins", registry.plugins().stream().map(PluginRecord::toSummary).toList());
      }
      case "/tools" -> {
        requireMethod(method, "GET");
        authorize(request, "operator.read");
        String agent = agent(request.getParameter("agent"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agent", agent);
        json.put("tools", catalog.explainAll(agent).stream().map(ToolCatalog.Explanation::toJson).toList());
        return json;
      }
      case "/commands/execute" -> {
        requireMethod(method, "POST");
        authorize(request, "tools.invoke");
        JsonNode body = readJson(request);
        String text = body.path("text").asString("");
        return Map.of("output", commands.execute(text, agent(body.path("agent").asString(null))).output());
      }
      case "/events" -> {
        requireMethod(method, "GET");
        authorize(request, "operator.read");
        long after = longParameter(request, "after", 0);
        return Map.of("events", events.after(after, 500).stream().map(r -> r.toJson()).toList());
      }
      case "/approvals" -> {
        requireMethod(method, "GET");
        authorize(request, "operator.read");
        return Map.of("approvals", approvals().list().stream().map(Approval::toJson).toList());
      }
      case "/audit/verify" -> {
        requireMethod(method, "GET");
        authorize(request, "operator.read");
        return audit.verify().toJson();
      }
      default -> {}
    }
    Matcher plugin = PLUGIN.matcher(path);
    if (plugin.matches()) {
      requireMethod(method, "GET");
      authorize(request, "operator.read");
      String id = decode(plugin.group(1));
      return registry.plugin(id)
          .map(PluginRecord::toDetail)
          .orElseThrow(() -> new ApiError(404, "unknown_plugin", "no plugin " + id + " is installed"));
    }
    Matcher decide = APPROVAL_DECIDE.matcher(path);
    if (decide.matches()) {
      requireMethod(method, "POST");
      Token token = authorize(request, "operator.write");
      String id = decode(decide.group(1));
      String actor = "token:" + token.id();
      try {
        Approval approval =
            decide.group(2).equals("approve")
                ? approvals().approve(id, actor)
                : approvals().deny(id, actor, request.getContentLengthLong() > 0 ? readJson(request).path("reason").asString("") : "");
        return Map.of("approval", approval.toJson());
      } catch (ApprovalException e) {
        int status = switch (e.code()) {
          case "unknown_approval" -> 404;
          case "approval_expired" -> 410;
          default -> 409;
        };
        throw new ApiError(status, e.code(), e.getMessage());
      }
    }
    Matcher invoke = TOOL_INVOKE.matcher(path);
    if (invoke.matches()) {
      requireMethod(method, "POST");
      authorize(request, "tools.invoke");
      JsonNode body = readJson(request);
      JsonNode input = body.path("input");
      if (!input.isObject()) {
        throw new ApiError(400, "invalid_request", "the body needs an \"input\" object", List.of("/input"));
      }
      String approval = body.path("approval").asString("");
      ToolOutcome outcome =
          tools.invoke(agent(body.path("agent").asString(null)), decode(invoke.group(1)), input,
              approval.isEmpty() ? Optional.empty() : Optional.of(approval));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("output", outcome.output());
      json.put("decision", outcome.decision());
      json.put("policy_snapshot", outcome.policySnapshot());
      outcome.approval().ifPresent(id -> json.put("approval", id));
      if (outcome.truncated()) {
        json.put("truncated", true);
      }
      json.put("audit_seq", outcome.auditSeq());
      return json;
    }
    Matcher config = PLUGIN_CONFIG.matcher(path);
    if (config.matches()) {
      return pluginConfig(method, decode(config.group(1)), config.group(2) != null, request);
    }
    throw new ApiError(404, "not_found", "no such endpoint: " + method + " " + path);
  }

  /** {@code GET|PUT /plugins/{id}/config} and {@code GET /plugins/{id}/config/schema} (DESIGN §3, §7). */
  private Object pluginConfig(String method, String id, boolean schema, HttpServletRequest request)
      throws IOException {
    if (schema) {
      requireMethod(method, "GET");
      authorize(request, "operator.read");
      return configs.schema(id);
    }
    if (method.equals("PUT")) {
      authorize(request, "operator.write");
      ConfigChange change = configs.replace(id, (ObjectNode) readJson(request), "http");
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("plugin", change.pluginId());
      json.put("changed", change.changed());
      json.put("config", change.config());
      json.put("event_seq", change.eventSeq());
      return json;
    }
    if (!method.equals("GET")) {
      throw new ApiError(405, "method_not_allowed", "use GET or PUT");
    }
    authorize(request, "operator.read");
    return configs.get(id);
  }

  private Object pluginRoute(String method, String pluginId, String routePath, HttpServletRequest request)
      throws IOException {
    BoundRoute route =
        registry.route(pluginId, routePath)
            .orElseThrow(
                () -> new ApiError(404, "unknown_route", "plugin " + pluginId + " serves no route " + routePath));
    authorize(request, route.declaration().scope());
    if (!route.declaration().methods().contains(method)) {
      throw new ApiError(405, "method_not_allowed", "the route answers " + route.declaration().methods());
    }
    JsonNode body = request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))
        ? readJson(request)
        : JSON.createObjectNode();
    Map<String, List<String>> query = new LinkedHashMap<>();
    request.getParameterMap().forEach((k, v) -> query.put(k, List.of(v)));
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = JSON.treeToValue(body, Map.class);
    RouteResponse answer;
    try {
      answer = route.service().handle(new RouteRequest(method, routePath, query, parsed));
    } catch (PluginException e) {
      throw new ApiError(502, "plugin_error", "the plugin reported " + e.code() + ": " + e.getMessage(), List.of(e.code()));
    } catch (RuntimeException e) {
      throw new ApiError(502, "plugin_error", "the plugin failed with " + e.getClass().getSimpleName());
    }
    if (answer == null) {
      throw new ApiError(502, "plugin_error", "the plugin returned no response");
    }
    return new StatusAnswer(answer.status(), answer.body());
  }

  private Approvals approvals() {
    Approvals current = approvals;
    if (current == null) {
      throw new ApiError(503, "approvals_unavailable", "the approvals service is not running");
    }
    return current;
  }

  private Token authorize(HttpServletRequest request, String scope) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiError(401, "unauthenticated", "send a bearer token: Authorization: Bearer <token>");
    }
    var token =
        tokens.authenticate(header.substring(7).strip())
            .orElseThrow(() -> new ApiError(401, "unauthenticated", "the token is not valid"));
    if (!token.allows(scope)) {
      throw new ApiError(403, "forbidden_scope", "the token lacks scope " + scope, List.of(scope));
    }
    return token;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiError(405, "method_not_allowed", "use " + allowed);
    }
  }

  private static String agent(String agent) {
    if (agent == null || agent.isBlank()) {
      return "default";
    }
    if (!agent.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new ApiError(400, "invalid_agent", "agent ids are letters, digits, '.', '_' and '-'", List.of("agent"));
    }
    return agent;
  }

  private static long longParameter(HttpServletRequest request, String name, long fallback) {
    String value = request.getParameter(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiError(400, "invalid_request", name + " must be a number", List.of(name));
    }
  }

  private static JsonNode readJson(HttpServletRequest request) throws IOException {
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new ApiError(413, "body_too_large", "the request body is larger than " + MAX_BODY + " bytes");
    }
    if (bytes.length == 0) {
      throw new ApiError(400, "invalid_json", "the request needs a JSON object body");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (!(node instanceof ObjectNode)) {
        throw new ApiError(400, "invalid_json", "the request body must be a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new ApiError(400, "invalid_json", "the request body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> error(String code, String message, List<String> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details);
    return Map.of("error", error);
  }

  private static void write(HttpServletResponse response, int status, Object body) throws IOException {
    if (body instanceof StatusAnswer answer) {
      status = answer.status;
      body = answer.body;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** A plugin route's answer, which carries its own status. */
  private record StatusAnswer(int status, Map<String, Object> body) {}
}
