package ai.tyrum.gateway.itest.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools of a real MCP server from npm ({@code @modelcontextprotocol/server-everything}, which the fixture
 * {@code mcp-server} runs) in the governed catalogue: hidden until an allowlist names them, or until policy
 * trusts the server's read-only hints; called through HTTP and the shell; denied, approved and refused by
 * their schema on the one call path, with one audit record per call.
 */
class McpToolsIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PLUGIN = "mcp-server";
  private static final String ECHO = "mcp.mcp-server.everything.echo";
  private static final String SUM = "mcp.mcp-server.everything.get-sum";
  private static final String TOGGLE = "mcp.mcp-server.everything.toggle-simulated-logging";
  /** The same server run by the example plugin everything, which requests no permission. */
  private static final String EXAMPLE_ECHO = "mcp.everything.everything.echo";
  private static final String EXAMPLE_SUM = "mcp.everything.everything.get-sum";
  private static final String EXAMPLE_TOGGLE = "mcp.everything.everything.toggle-simulated-logging";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    gateway.service(PluginLock.class);
    // the server's definition names a secret it needs before it can start
    gateway.http().put("/secrets/mcp-server/token", "{\"value\":\"t-1\"}").assertStatus(200);
    gateway.shell().run("plugin:install --grant secrets.read:mcp-server " + gateway.fixture(PLUGIN)).assertSucceeded();
    gateway.awaitPluginState(PLUGIN, "loaded");
    Await.until("the servers' tools are listed", () -> !explained(ECHO).isMissingNode() && !explained(TOGGLE).isMissingNode()
        && !explained(EXAMPLE_ECHO).isMissingNode() && !explained(EXAMPLE_TOGGLE).isMissingNode());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @AfterEach
  void defaultPolicy() throws IOException {
    policy("version: 1\n");
  }

  private static void policy(String yaml) throws IOException {
    Files.writeString(gateway.data().resolve("policy/deployment.yml"), yaml);
    gateway.shell().run("policy:reload").assertSucceeded();
  }

  private static JsonNode explained(String toolId) {
    return StreamSupport.stream(gateway.http().get("/tools?agent=default").assertStatus(200).json().path("tools").spliterator(), false)
        .filter(t -> t.path("id").asString().equals(toolId)).findFirst().orElse(JSON.missingNode());
  }

  private static HttpResult call(String toolId, String input) {
    return gateway.http().post("/tools/" + toolId + "/invoke", "{\"agent\":\"default\",\"input\":" + input + "}");
  }

  private static List<JsonNode> invoked(long seq, String toolId) {
    return GatewayEvents.after(gateway, seq, "plugin_tool.invoked").stream()
        .filter(e -> e.path("payload").path("tool").asString().equals(toolId)).toList();
  }

  @Test
  void itsToolsAreListedButHiddenUntilAnAllowlistNamesThem() throws IOException {
    JsonNode echo = explained(ECHO);
    assertThat(echo.path("plugin").asString()).isEqualTo(PLUGIN);
    assertThat(echo.path("exposed").asBoolean()).isFalse();
    // mcp-server requests secrets.read (its server runs with the secret): every tool of it is opt-in
    assertThat(echo.path("opt_in_because").asString()).isEqualTo("MCP tool of a plugin with an access-expanding permission");
    assertThat(echo.path("mcp").path("state").asString()).isEqualTo("served");
    assertThat(explained(EXAMPLE_ECHO).path("opt_in_because").asString()).isEqualTo("MCP tool; server hints not trusted");
    assertThat(explained(EXAMPLE_TOGGLE).path("opt_in_because").asString()).isEqualTo("MCP tool not marked read-only");
    assertThat(call(ECHO, "{\"message\":\"hi\"}").assertStatus(403).errorCode()).isEqualTo("tool_not_exposed");

    policy("version: 1\ntools:\n  allow: [" + ECHO + "]\n");
    assertThat(explained(ECHO).path("exposed").asBoolean()).isTrue();
    assertThat(explained(SUM).path("exposed").asBoolean()).isFalse();
  }

  @Test
  void trustingTheServersHintsExposesItsReadOnlyToolsByDefaultAndNoOtherUnlessItsPluginExpandsAccess() throws IOException {
    policy("version: 1\nmcp:\n  trust_hints: [everything/everything, mcp-server/everything]\n");
    assertThat(explained(EXAMPLE_ECHO).path("exposed").asBoolean()).isTrue();
    assertThat(explained(EXAMPLE_ECHO).path("effect").asString()).isEqualTo("read_only");
    assertThat(explained(EXAMPLE_SUM).path("exposed").asBoolean()).isTrue();
    assertThat(explained(EXAMPLE_TOGGLE).path("exposed").asBoolean()).isFalse();
    assertThat(gateway.shell().run("tool:explain " + EXAMPLE_TOGGLE).assertSucceeded().console()).contains("MCP tool not marked read-only");
    // the same server with the same hints, run by a plugin that holds a secret: trust does not lift opt-in
    assertThat(explained(ECHO).path("exposed").asBoolean()).isFalse();
    assertThat(explained(SUM).path("exposed").asBoolean()).isFalse();
  }

  @Test
  void echoAnswersThroughHttpAndTheShellWithOneAuditRecordPerCall() throws IOException {
    policy("version: 1\ntools:\n  allow: [" + ECHO + "]\n");
    long seq = GatewayEvents.lastSeq(gateway);

    JsonNode output = call(ECHO, "{\"message\":\"hello over http\"}").assertStatus(200).json().path("output");
    assertThat(output.path("content").get(0).path("type").asString()).isEqualTo("text");
    assertThat(output.path("content").get(0).path("text").asString()).contains("hello over http");
    String shell = gateway.shell().run("tool:call " + ECHO + " '{\"message\":\"hello from the shell\"}'").assertSucceeded().console();
    assertThat(shell).contains("hello from the shell");

    assertThat(invoked(seq, ECHO)).hasSize(2).allSatisfy(record -> {
      assertThat(record.path("payload").path("outcome").asString()).isEqualTo("ok");
      assertThat(record.path("payload").path("plugin").path("id").asString()).isEqualTo(PLUGIN);
      assertThat(record.toString()).doesNotContain("hello");
    });
  }

  @Test
  void aToolPolicyDeniesIsRefusedAndOnRecord() throws IOException {
    policy("version: 1\ntools:\n  allow: [" + SUM + "]\n  deny: [\"mcp.mcp-server.*\"]\n");
    long seq = GatewayEvents.lastSeq(gateway);
    assertThat(call(SUM, "{\"a\":1,\"b\":2}").assertStatus(403).errorCode()).isEqualTo("tool_not_exposed");
    assertThat(invoked(seq, SUM)).singleElement()
        .satisfies(r -> assertThat(r.path("payload").path("decision").asString()).isEqualTo("deny"));
  }

  @Test
  void aToolThatNeedsApprovalIsServedOnceApproved() throws IOException {
    policy("version: 1\ntools:\n  allow: [" + SUM + "]\n  require_approval: [" + SUM + "]\n");
    JsonNode pending = call(SUM, "{\"a\":2,\"b\":3}").assertStatus(202).json();
    String approval = pending.path("approval").path("id").asString();
    assertThat(approval).startsWith("apr_");

    gateway.http().post("/approvals/" + approval + "/approve", "").assertStatus(200);
    JsonNode ran = gateway.http().post("/tools/" + SUM + "/invoke",
        "{\"agent\":\"default\",\"approval\":\"" + approval + "\",\"input\":{\"a\":2,\"b\":3}}").assertStatus(200).json();
    assertThat(ran.path("output").path("content").get(0).path("text").asString()).contains("5");
    assertThat(ran.path("approval").asString()).isEqualTo(approval);
  }

  @Test
  void anInputThatBreaksTheServersSchemaIsRefusedBeforeTheServerSeesIt() throws IOException {
    policy("version: 1\ntools:\n  allow: [" + SUM + "]\n");
    long seq = GatewayEvents.lastSeq(gateway);
    HttpResult refused = call(SUM, "{\"a\":\"one\",\"b\":2}").assertStatus(400);
    assertThat(refused.errorCode()).isEqualTo("invalid_input");
    assertThat(refused.json().path("error").path("details").toString()).contains("/a");
    assertThat(invoked(seq, SUM)).singleElement()
        .satisfies(r -> assertThat(r.path("payload").path("failed_step").asString()).isEqualTo("input_contract"));
  }
}
