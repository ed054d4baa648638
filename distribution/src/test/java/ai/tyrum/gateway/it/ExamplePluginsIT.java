package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The example plugins load on first start and their tool, command and route answer. */
class ExamplePluginsIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
    TestGateway.await("echo's tool is served", () -> {
      try {
        return gateway.shell("tool:list").contains("plugin.echo.echo");
      } catch (Exception e) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void firstStartPrintsABootstrapTokenAndStoresOnlyItsHash() throws Exception {
    assertThat(gateway.token).startsWith("tyr_");
    String stored = java.nio.file.Files.readString(gateway.data.resolve("tokens/tokens.json"));
    assertThat(stored).doesNotContain(gateway.token);
  }

  @Test
  void examplePluginsAreLoaded() throws Exception {
    assertThat(gateway.pluginState("echo")).isEqualTo("loaded");
    assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    assertThat(gateway.shell("plugin:list")).contains("echo").contains("notes").contains("loaded");
    assertThat(gateway.audited("echo", "loaded")).isTrue();
  }

  @Test
  void everythingLoadsWithoutComponentsOrPermissionsAndDeclaresItsMcpServer() throws Exception {
    TestGateway.await("everything is loaded", () -> gateway.pluginState("everything").equals("loaded"));
    JsonNode manifest = gateway.get("/plugins/everything").assertStatus(200).body().path("manifest");
    assertThat(manifest.path("mcp").get(0).path("id").asString()).isEqualTo("everything");
    assertThat(manifest.path("mcp").get(0).path("definition").asString()).isEqualTo("mcp/everything.json");
    assertThat(manifest.path("permissions")).isEmpty();
    assertThat(manifest.path("tools")).isEmpty();
  }

  @Test
  void echoToolAnswersFromTheShellAndHttp() throws Exception {
    assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"hi\"}'")).contains("\"text\" : \"hi\"");
    JsonNode body =
        gateway.post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hello\"}}").assertStatus(200).body();
    assertThat(body.path("output").path("text").asString()).isEqualTo("hello");
    assertThat(body.path("decision").asString()).isEqualTo("allow");
  }

  @Test
  void everyToolCallIsAuditedWithoutItsPayload() throws Exception {
    gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"secret-payload\"}}").assertStatus(200);
    assertThat(gateway.auditRecords())
        .anySatisfy(r -> {
          assertThat(r.path("type").asString()).isEqualTo("plugin_tool.invoked");
          assertThat(r.path("payload").path("tool").asString()).isEqualTo("plugin.echo.echo");
        });
    assertThat(java.nio.file.Files.readString(gateway.data.resolve("audit/audit.log"))).doesNotContain("secret-payload");
  }

  @Test
  void inputThatBreaksTheContractIsRefusedWithItsPointer() throws Exception {
    JsonNode error = gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":42}}").assertStatus(400).body().path("error");
    assertThat(error.path("code").asString()).isEqualTo("invalid_input");
    assertThat(error.path("details").toString()).contains("/text");
  }

  @Test
  void shellCallNamingAnInvalidAgentIsRefusedAsOverHttp() throws Exception {
    assertThat(gateway.shellFails("tool:call --agent ../ops plugin.echo.echo '{\"text\":\"hi\"}'")).contains("invalid_agent");
    assertThat(gateway.post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"../ops\",\"input\":{\"text\":\"hi\"}}")
            .assertStatus(400).body().path("error").path("code").asString())
        .isEqualTo("invalid_agent");
  }

  @Test
  void slashCommandIsDispatchedFromText() throws Exception {
    JsonNode body = gateway.post("/commands/execute", "{\"text\":\"/echo hello world\",\"agent\":\"default\"}").assertStatus(200).body();
    assertThat(body.path("output").asString()).isEqualTo("hello world");
    assertThat(gateway.post("/commands/execute", "{\"text\":\"/nope\"}").assertStatus(404).body().path("error").path("code").asString())
        .isEqualTo("unknown_command");
  }

  @Test
  void commandRecordCountsItsInputAndOutputInUtf8Bytes() throws Exception {
    gateway.post("/commands/execute", "{\"text\":\"/echo grüße\",\"agent\":\"default\"}").assertStatus(200);
    assertThat(gateway.auditRecords()).anySatisfy(r -> {
      assertThat(r.path("type").asString()).isEqualTo("plugin_command.executed");
      assertThat(r.path("payload").path("input_bytes").asInt()).isEqualTo("/echo grüße".getBytes(StandardCharsets.UTF_8).length);
      assertThat(r.path("payload").path("output_bytes").asInt()).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8).length);
    });
  }

  @Test
  void routeIsServedOnlyUnderThePluginsRpcPrefix() throws Exception {
    assertThat(gateway.get("/plugins/echo/rpc/ping").assertStatus(200).body().path("ok").asBoolean()).isTrue();
    assertThat(gateway.get("/plugins/echo/rpc/nothing").assertStatus(404).body().path("error").path("code").asString())
        .isEqualTo("unknown_route");
    assertThat(gateway.get("/ping").status()).isEqualTo(404);
  }

  @Test
  void stateChangingToolIsHiddenUntilAllowlisted() throws Exception {
    JsonNode tools = gateway.get("/tools?agent=default").assertStatus(200).body().path("tools");
    JsonNode addNote = null;
    JsonNode echo = null;
    for (JsonNode tool : tools) {
      if (tool.path("id").asString().equals("plugin.notes.add_note")) {
        addNote = tool;
      }
      if (tool.path("id").asString().equals("plugin.echo.echo")) {
        echo = tool;
      }
    }
    assertThat(echo.path("exposed").asBoolean()).isTrue();
    assertThat(addNote.path("exposed").asBoolean()).isFalse();
    assertThat(addNote.path("reason").asString()).isEqualTo("disabled_by_plugin_opt_in");
    JsonNode error =
        gateway.post("/tools/plugin.notes.add_note/invoke", "{\"input\":{\"title\":\"t\",\"body\":\"b\"}}").assertStatus(403).body();
    assertThat(error.path("error").path("code").asString()).isEqualTo("tool_not_exposed");
  }

  @Test
  void permissionsAreListed() throws Exception {
    JsonNode manifest = gateway.get("/plugins/notes").assertStatus(200).body().path("manifest");
    assertThat(manifest.path("mcp")).isEmpty();
    assertThat(manifest.path("permissions").get(0).path("permission").asString()).isEqualTo("db");
    assertThat(gateway.shell("plugin:inspect notes")).contains("requested permissions");
  }

  @Test
  void apiNeedsAToken() throws Exception {
    TestGateway.Response response = gateway.getWithoutToken("/plugins");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body().path("error").path("code").asString()).isEqualTo("unauthenticated");
    assertThat(gateway.getWithoutToken("/healthz").status()).isEqualTo(200);
  }

  @Test
  void statusReportsPluginsAndPosture() throws Exception {
    JsonNode status = gateway.get("/status").assertStatus(200).body();
    assertThat(status.path("plugins").path("loaded").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(status.path("security").path("mode").asString()).isEqualTo("off");
    assertThat(status.path("security").path("requested").asString()).isEqualTo("off");
    assertThat(status.path("audit_sync").asString()).isEqualTo("interval");
    assertThat(gateway.shell("gateway:status")).contains("plugins");
  }
}
