package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as an MCP server for agents ({@code /mcp}), driven by the official TypeScript SDK's client
 * ({@code agent-client.mjs}): an agent-bound token sees its exposed tools with their schemas, calls
 * them through the one call path, gets policy's denial and a pending approval as MCP tool errors, and
 * hears {@code notifications/tools/list_changed} when a plugin goes. Tokens without {@code tools.invoke},
 * foreign origins and other tokens' sessions are refused.
 */
class McpEndpointIT {

  private static final Pattern APPROVAL = Pattern.compile("approval:approve (apr_\\S+?)`");

  private static TestGateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo and notes are loaded",
        () -> gateway.pluginState("echo").equals("loaded") && gateway.pluginState("notes").equals("loaded"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void boundTokenListsItsAgentsExposedToolsWithSchemasAndCallsEcho() throws Exception {
    String token = token("mcp-lister", "tools.invoke");
    try (AgentClient agent = AgentClient.connect(gateway, token)) {
      JsonNode tools = agent.command("list", "tools").path("tools");
      JsonNode echo = byName(tools, "plugin.echo.echo");
      assertThat(echo.path("description").asString()).isNotBlank();
      assertThat(echo.path("inputSchema").path("type").asString()).isEqualTo("object");
      assertThat(echo.path("inputSchema").path("properties").path("text").path("type").asString()).isEqualTo("string");
      assertThat(echo.path("inputSchema").path("required").toString()).isEqualTo("[\"text\"]");
      assertThat(echo.path("annotations").path("readOnlyHint").asBoolean()).isTrue();
      // notes' tools are opt-in and no allowlist names them for this agent
      assertThat(names(tools)).doesNotContain("plugin.notes.list_notes", "plugin.notes.add_note");

      JsonNode result = agent.command("call plugin.echo.echo {\"text\":\"hello over MCP\"}", "result").path("result");
      assertThat(result.path("isError").asBoolean()).isFalse();
      assertThat(result.path("structuredContent").path("text").asString()).isEqualTo("hello over MCP");
      assertThat(result.path("content").get(0).path("text").asString()).isEqualTo("{\"text\":\"hello over MCP\"}");
    }
    // one audit record, by the call path, naming the agent and the token
    List<JsonNode> calls = invoked("mcp-lister");
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.path("payload").path("tool").asString()).isEqualTo("plugin.echo.echo");
      assertThat(call.path("payload").path("outcome").asString()).isEqualTo("ok");
      assertThat(call.path("payload").path("actor").asString()).startsWith("token:");
    });
  }

  @Test
  void toolThatPolicyDeniesTheAgentIsAnMcpToolErrorAsTheHttpApiAnswersIt() throws Exception {
    policy("mcp-denied", "tools:\n  deny: [plugin.echo.echo]\n");
    String token = token("mcp-denied", "tools.invoke");
    JsonNode http = gateway.post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"mcp-denied\",\"input\":{\"text\":\"x\"}}").body();
    String code = http.path("error").path("code").asString();
    assertThat(code).isNotBlank();

    try (AgentClient agent = AgentClient.connect(gateway, token)) {
      assertThat(names(agent.command("list", "tools").path("tools"))).doesNotContain("plugin.echo.echo");
      JsonNode result = agent.command("call plugin.echo.echo {\"text\":\"x\"}", "result").path("result");
      assertThat(result.path("isError").asBoolean()).isTrue();
      assertThat(result.path("content").get(0).path("text").asString())
          .startsWith(code + ": " + http.path("error").path("message").asString());
    }
  }

  @Test
  void callPolicySendsForApprovalIsAnMcpToolErrorNamingTheApprovalAndRunsOnceApproved() throws Exception {
    policy("mcp-approver", "tools:\n  require_approval: [plugin.echo.echo]\n");
    String token = token("mcp-approver", "tools.invoke");
    try (AgentClient agent = AgentClient.connect(gateway, token)) {
      JsonNode pending = agent.command("call plugin.echo.echo {\"text\":\"needs a yes\"}", "result").path("result");
      assertThat(pending.path("isError").asBoolean()).isTrue();
      String text = pending.path("content").get(0).path("text").asString();
      assertThat(text).startsWith("approval_required: ").contains("POST /approvals/").contains("call this tool again");
      Matcher id = APPROVAL.matcher(text);
      assertThat(id.find()).as("the approval id in %s", text).isTrue();
      String approvalId = id.group(1);
      assertThat(gateway.get("/approvals").assertStatus(200).body().path("approvals").toString())
          .contains(approvalId).contains("mcp-approver");

      gateway.post("/approvals/" + approvalId + "/approve", "").assertStatus(200);

      JsonNode ran = agent.command("call plugin.echo.echo {\"text\":\"needs a yes\"}", "result").path("result");
      assertThat(ran.path("isError").asBoolean()).isFalse();
      assertThat(ran.path("structuredContent").path("text").asString()).isEqualTo("needs a yes");
    }
  }

  @Test
  void agentHearsListChangedWhenAPluginIsUninstalledAndItsToolsAreGone() throws Exception {
    try (TestGateway own = TestGateway.start()) {
      TestGateway.await("notes is loaded", () -> own.pluginState("notes").equals("loaded"));
      Path file = own.data.resolve("policy/agents/mcp-watcher.yml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "tools:\n  allow: [plugin.notes.list_notes]\n");
      own.shell("policy:reload");
      String token = own.post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"agent\":\"mcp-watcher\"}")
          .assertStatus(201).body().path("token").asString();
      try (AgentClient agent = AgentClient.connect(own, token)) {
        assertThat(names(agent.command("list", "tools").path("tools"))).contains("plugin.echo.echo", "plugin.notes.list_notes");
        // the client opens its stream for the gateway's messages after initialize; the change must find it open
        TestGateway.await("the agent listens", () -> status(own).path("mcp_listening").asInt() == 1);

        own.shell("plugin:uninstall notes");

        assertThat(agent.take("notification").path("method").asString()).isEqualTo("notifications/tools/list_changed");
        JsonNode tools = agent.command("list", "tools").path("tools");
        assertThat(names(tools)).contains("plugin.echo.echo").doesNotContain("plugin.notes.list_notes");
      }
      TestGateway.await("the session ended", () -> status(own).path("mcp_sessions").asInt() == 0);
    }
  }

  @Test
  void tokenWithoutToolsInvokeIsRefused() throws Exception {
    String reader = token("mcp-reader", "operator.read");
    try (AgentClient agent = AgentClient.start(gateway, reader)) {
      JsonNode refused = agent.take("error");
      assertThat(refused.path("code").asInt()).as("HTTP status of %s", refused).isEqualTo(403);
      assertThat(refused.path("message").asString()).contains("forbidden_scope");
      assertThat(agent.exitCode()).as("the client could not connect").isEqualTo(2);
    }
    HttpResponse<String> response = initialize(reader, Map.of());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(TestGateway.JSON.readTree(response.body()).path("error").path("code").asString()).isEqualTo("forbidden_scope");

    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(mcp()).POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void foreignOriginIsRefusedAndTheGatewaysOwnPasses() throws Exception {
    String token = token("mcp-origin", "tools.invoke");
    int port = gateway.gateway.url().getPort();

    HttpResponse<String> rebound = initialize(token, Map.of("Origin", "http://attacker.example:" + port));
    assertThat(rebound.statusCode()).isEqualTo(403);
    assertThat(TestGateway.JSON.readTree(rebound.body()).path("error").path("code").asString()).isEqualTo("forbidden_origin");

    assertThat(initialize(token, Map.of("Origin", "http://127.0.0.1:" + port)).statusCode()).isEqualTo(200);
  }

  @Test
  void sessionBelongsToTheTokenThatOpenedIt() throws Exception {
    String owner = token("mcp-owner", "tools.invoke");
    String other = token("mcp-owner", "tools.invoke");
    HttpResponse<String> opened = initialize(owner, Map.of());
    assertThat(opened.statusCode()).isEqualTo(200);
    String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();

    assertThat(list(owner, session).statusCode()).isEqualTo(200);
    HttpResponse<String> stolen = list(other, session);
    assertThat(stolen.statusCode()).isEqualTo(404);
    assertThat(TestGateway.JSON.readTree(stolen.body()).path("error").path("code").asString()).isEqualTo("unknown_session");
  }

  @Test
  void sdkServletTransportCannotLoadOnTheRunSetsServletApi() throws Exception {
    Bundle sdk = List.of(gateway.gateway.framework().getBundleContext().getBundles()).stream()
        .filter(bundle -> "io.modelcontextprotocol.sdk.mcp-core".equals(bundle.getSymbolicName()))
        .findFirst().orElseThrow();
    // its optional import of jakarta.servlet [6.1,7) finds only the run set's 6.0 and stays unwired
    assertThat(sdk.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package"))
        .noneMatch(wire -> String.valueOf(wire.getCapability().getAttributes().get("osgi.wiring.package")).startsWith("jakarta.servlet"));
    Throwable failure = null;
    try {
      sdk.loadClass("io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider");
    } catch (ClassNotFoundException | LinkageError e) {
      failure = e;
    }
    assertThat(failure).as("the SDK's servlet transport loads").isNotNull();
  }

  // --- helpers ------------------------------------------------------------------------------------

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

  private HttpResponse<String> initialize(String token, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(mcp()).POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    headers.forEach(request::header);
    return send(request);
  }

  private HttpResponse<String> list(String token, String session) throws Exception {
    return send(HttpRequest.newBuilder(mcp())
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"))
        .header("Authorization", "Bearer " + token)
        .header("Mcp-Session-Id", session)
        .header("MCP-Protocol-Version", "2025-06-18")
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream"));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI mcp() {
    return gateway.gateway.url().resolve("/mcp");
  }

  /** A new token with {@code scope}, bound to {@code agent}. */
  private static String token(String agent, String scope) throws Exception {
    return gateway.post("/tokens", "{\"scopes\":[\"" + scope + "\"],\"agent\":\"" + agent + "\"}")
        .assertStatus(201).body().path("token").asString();
  }

  /** Writes {@code agent}'s policy file and reloads policy. */
  private static void policy(String agent, String yaml) throws Exception {
    Path file = gateway.data.resolve("policy/agents/" + agent + ".yml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    gateway.shell("policy:reload");
  }

  private static JsonNode status(TestGateway gateway) {
    try {
      return gateway.get("/status").assertStatus(200).body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static List<JsonNode> invoked(String agent) throws IOException {
    return gateway.auditRecords().stream()
        .filter(r -> r.path("type").asString().equals("plugin_tool.invoked"))
        .filter(r -> r.path("payload").path("agent").asString().equals(agent))
        .toList();
  }

  private static List<String> names(JsonNode tools) {
    List<String> names = new ArrayList<>();
    tools.forEach(tool -> names.add(tool.path("name").asString()));
    return names;
  }

  private static JsonNode byName(JsonNode tools, String name) {
    for (JsonNode tool : tools) {
      if (tool.path("name").asString().equals(name)) {
        return tool;
      }
    }
    throw new AssertionError("no tool " + name + " in " + tools);
  }

  /** {@code agent-client.mjs} under Node.js: commands in, one JSON line per event out. */
  static final class AgentClient implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final List<JsonNode> events = new ArrayList<>();

    private AgentClient(Process process) {
      this.process = process;
      this.commands = process.outputWriter(StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            JsonNode event = TestGateway.JSON.readTree(line);
            synchronized (events) {
              events.add(event);
              events.notifyAll();
            }
          }
        } catch (IOException e) {
          // the client ended
        }
      }, "mcp-agent-client");
      reader.setDaemon(true);
      reader.start();
    }

    /** Starts the client for {@code gateway}'s /mcp with {@code token}; it connects at once. */
    static AgentClient start(TestGateway gateway, String token) throws IOException {
      Path dir = Path.of(System.getProperty("tyrum.mcp.test.dir", "target/mcp-test")).toAbsolutePath();
      Process process = new ProcessBuilder("node", dir.resolve("agent-client.mjs").toString(),
              gateway.gateway.url().resolve("/mcp").toString(), token)
          .directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      return new AgentClient(process);
    }

    /** Starts the client and waits until it is connected. */
    static AgentClient connect(TestGateway gateway, String token) throws Exception {
      AgentClient client = start(gateway, token);
      JsonNode connected = client.take("connected", "error");
      assertThat(connected.path("event").asString()).as("connecting: %s", connected).isEqualTo("connected");
      return client;
    }

    /** Runs {@code line} and returns its answer, an event {@code expected} (or the error it met). */
    JsonNode command(String line, String expected) throws Exception {
      commands.write(line + "\n");
      commands.flush();
      JsonNode answer = take(expected, "error");
      assertThat(answer.path("event").asString()).as("%s answered %s", line, answer).isEqualTo(expected);
      return answer;
    }

    /** The first event not taken yet of one of {@code kinds}, waiting for it (at most 30 s, against a hang). */
    JsonNode take(String... kinds) throws InterruptedException {
      Instant deadline = Instant.now().plusSeconds(30);
      synchronized (events) {
        while (true) {
          for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
            JsonNode event = it.next();
            if (List.of(kinds).contains(event.path("event").asString())) {
              it.remove();
              return event;
            }
          }
          long left = Duration.between(Instant.now(), deadline).toMillis();
          if (left <= 0) {
            throw new AssertionError("the MCP client printed no " + List.of(kinds) + "; it printed " + events);
          }
          events.wait(left);
        }
      }
    }

    /** Waits until the client has ended by itself, and returns its exit status. */
    int exitCode() throws InterruptedException {
      return process.waitFor();
    }

    @Override
    public void close() throws Exception {
      if (process.isAlive()) {
        try {
          commands.write("close\n");
          commands.flush();
          take("closed", "error");
        } catch (IOException | AssertionError ended) {
          // the client is gone already
        }
      }
      process.destroy();
      process.waitFor();
    }
  }
}
