package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Policy files under the data dir decide exposure and calls, reload without a restart, and are audited. */
class PolicyIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("notes is loaded", () -> gateway.pluginState("notes").equals("loaded"));
    TestGateway.await("echo's tool is served", () -> explain("plugin.echo.echo", "default").contains("allowed_by_default"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @AfterEach
  void removePolicyFiles() throws Exception {
    try (Stream<Path> files = Files.walk(gateway.data.resolve("policy"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        Files.delete(file);
      }
    }
    gateway.shell("policy:reload");
  }

  private static String explain(String tool, String agent) {
    try {
      return gateway.shell("tool:explain --agent " + agent + " " + tool);
    } catch (Exception e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static void write(String relative, String yaml) throws Exception {
    Path file = gateway.data.resolve("policy").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
  }

  private static JsonNode tool(String agent, String id) throws Exception {
    for (JsonNode tool : gateway.get("/tools?agent=" + agent).assertStatus(200).body().path("tools")) {
      if (tool.path("id").asString().equals(id)) {
        return tool;
      }
    }
    throw new AssertionError("no tool " + id);
  }

  private static String snapshot() throws Exception {
    String show = gateway.shell("policy:show --json");
    return TestGateway.JSON.readTree(show).path("snapshot").asString();
  }

  @Test
  void shippedDefaultExposesReadOnlyToolsAndHidesOptInToolsWithReasons() throws Exception {
    assertThat(tool("default", "plugin.echo.echo").path("reason").asString()).isEqualTo("allowed_by_default");
    JsonNode addNote = tool("default", "plugin.notes.add_note");
    assertThat(addNote.path("exposed").asBoolean()).isFalse();
    assertThat(addNote.path("reason").asString()).isEqualTo("disabled_by_plugin_opt_in");
    // list_notes says read_only, but its plugin holds the db permission: opt-in all the same
    assertThat(tool("default", "plugin.notes.list_notes").path("reason").asString()).isEqualTo("disabled_by_plugin_opt_in");
    assertThat(explain("plugin.notes.list_notes", "default")).contains("access-expanding").contains("exposed   no");
  }

  @Test
  void allowlistInAnAgentFileOptsAToolInForThatAgentOnly() throws Exception {
    write("agents/ops.yml", "tools:\n  allow: [plugin.notes.add_note]\n");
    assertThat(gateway.shell("policy:reload")).contains("in force");
    assertThat(explain("plugin.notes.add_note", "ops")).contains("exposed   yes").contains("allowlisted");
    assertThat(explain("plugin.notes.add_note", "default")).contains("disabled_by_plugin_opt_in");
    JsonNode body =
        gateway.post("/tools/plugin.notes.add_note/invoke", "{\"agent\":\"ops\",\"input\":{\"title\":\"t\",\"body\":\"b\"}}")
            .assertStatus(200).body();
    assertThat(body.path("policy_snapshot").asString()).isEqualTo(snapshot());
    gateway.post("/tools/plugin.notes.add_note/invoke", "{\"agent\":\"default\",\"input\":{\"title\":\"t\",\"body\":\"b\"}}")
        .assertStatus(403);
  }

  @Test
  void wildcardAllowlistNeverOptsAToolIn() throws Exception {
    write("deployment.yml", "tools:\n  allow: [\"*\", \"plugin.*\", \"plugin.notes.*\"]\n");
    gateway.shell("policy:reload");
    assertThat(tool("default", "plugin.notes.add_note").path("reason").asString()).isEqualTo("disabled_by_plugin_opt_in");
  }

  @Test
  void denyPatternHidesAToolAndRefusesItsCalls() throws Exception {
    write("overrides.yml", "tools:\n  deny: [\"plugin.echo.*\"]\n");
    gateway.shell("policy:reload");
    assertThat(tool("default", "plugin.echo.echo").path("reason").asString()).isEqualTo("denied_by_policy");
    JsonNode error = gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"}}").assertStatus(403).body();
    assertThat(error.path("error").path("code").asString()).isEqualTo("tool_not_exposed");
    assertThat(error.path("error").path("details").toString()).contains("denied_by_policy");
  }

  @Test
  void auditRecordOfEachCallCarriesTheSnapshotAndInputHashThatDecidedIt() throws Exception {
    gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"audited\"}}").assertStatus(200);
    String inputHash = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest("{\"text\":\"audited\"}".getBytes(StandardCharsets.UTF_8)));
    List<JsonNode> calls = gateway.auditRecords().stream()
        .filter(r -> r.path("type").asString().equals("plugin_tool.invoked"))
        .filter(r -> r.path("payload").path("input_sha256").asString().equals(inputHash))
        .toList();
    assertThat(calls).hasSize(1);
    JsonNode payload = calls.get(0).path("payload");
    assertThat(payload.path("policy_snapshot").asString()).isEqualTo(snapshot());
    assertThat(payload.path("decision").asString()).isEqualTo("allow");
    assertThat(payload.path("reason").asString()).isEqualTo("allowed_by_default");
    assertThat(payload.path("outcome").asString()).isEqualTo("ok");
    assertThat(gateway.get("/status").assertStatus(200).body().path("policy_snapshot").asString()).isEqualTo(snapshot());
  }

  @Test
  void invalidFileIsRejectedWithItsErrorAndTheLastGoodSnapshotStays() throws Exception {
    write("deployment.yml", "tools:\n  deny: [\"plugin.echo.*\"]\n");
    gateway.shell("policy:reload");
    String good = snapshot();
    write("deployment.yml", "tools:\n  require_approval: [\"plugin.echo.*\"]\n");
    gateway.shell("policy:reload");
    // the decision of the earlier snapshot can still be replayed
    assertThat(gateway.shell("tool:explain --snapshot " + good + " plugin.echo.echo")).contains("denied_by_policy").contains(good);
    write("deployment.yml", "tools:\n  deny: [\"plugin.echo.*\"]\n");
    gateway.shell("policy:reload");
    write("deployment.yml", "tools:\n  deny: \"plugin.echo.*\"\n  alow: []\n");
    String error = gateway.shellFails("policy:reload");
    assertThat(error).contains("invalid_policy").contains("deployment.yml: /tools");
    assertThat(gateway.shellFails("policy:check")).contains("invalid_policy");
    assertThat(snapshot()).isEqualTo(good);
    assertThat(tool("default", "plugin.echo.echo").path("reason").asString()).isEqualTo("denied_by_policy");
    assertThat(gateway.auditRecords()).anySatisfy(r -> {
      assertThat(r.path("type").asString()).isEqualTo("policy.changed");
      assertThat(r.path("payload").path("kind").asString()).isEqualTo("rejected");
    });
  }

  @Test
  void redactionPatternsFromPolicyRedactToolOutputs() throws Exception {
    write("deployment.yml", "redaction:\n  patterns: [\"sk-[A-Za-z0-9]{8,}\"]\n");
    gateway.shell("policy:reload");
    JsonNode body = gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"key sk-abcdefgh123 here\"}}")
        .assertStatus(200).body();
    assertThat(body.path("output").path("text").asString()).isEqualTo("key [REDACTED] here");
    assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"sk-zzzzzzzzzzzz\"}'")).contains("[REDACTED]").doesNotContain("sk-z");
  }

  @Test
  void slashCommandsFollowTheSameRules() throws Exception {
    write("deployment.yml", "tools:\n  deny: [\"plugin.echo.command.*\"]\n");
    gateway.shell("policy:reload");
    JsonNode refused = gateway.post("/commands/execute", "{\"text\":\"/echo hi\"}").assertStatus(403).body();
    assertThat(refused.path("error").path("code").asString()).isEqualTo("command_not_exposed");
    assertThat(refused.path("error").path("details").toString()).contains("denied_by_policy");
    // the tool of the same plugin is not touched by a command rule
    gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"}}").assertStatus(200);

    write("deployment.yml", "tools:\n  require_approval: [\"plugin.echo.command.echo\"]\n");
    gateway.shell("policy:reload");
    String approval = gateway.post("/commands/execute", "{\"text\":\"/echo approved words\"}").assertStatus(202)
        .body().path("approval").path("id").asString();
    gateway.shell("approval:approve " + approval);
    assertThat(gateway.post("/commands/execute", "{\"text\":\"/echo approved words\"}").assertStatus(200).body()
            .path("output").asString())
        .isEqualTo("approved words");
    assertThat(gateway.auditRecords()).anySatisfy(r -> {
      assertThat(r.path("type").asString()).isEqualTo("plugin_command.executed");
      assertThat(r.path("payload").path("approval").asString()).isEqualTo(approval);
      assertThat(r.path("payload").path("policy_snapshot").asString()).isEqualTo(snapshot());
    });
  }

  @Test
  void changedFileIsPickedUpWithoutAReloadCommand() throws Exception {
    String before = snapshot();
    write("deployment.yml", "tools:\n  require_approval: [\"plugin.echo.*\"]\n");
    TestGateway.await("the file watcher reloads the policy", () -> {
      try {
        return !snapshot().equals(before);
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(explain("plugin.echo.echo", "default")).contains("approval_required_by_policy");
    assertThat(gateway.shell("policy:show")).contains(snapshot()).contains("deployment.yml");
  }

  @Test
  void checkNamesALoadedPluginWhoseEgressClassThePolicyDoesNotDefineUntilAFileDefinesIt() throws Exception {
    Path jar = gateway.fixtures.resolve("fixture.egress-class-1.0.0.jar");
    // installed through the pipeline with the permission it requests granted, so that it loads
    assertThat(gateway.shell("plugin:install --grant network.egress:class:internal_db " + jar)).contains("loaded");
    try {
      // the manifest check reads class:internal_db with the policy's grammar, '_' included
      TestGateway.await("egress-class is loaded", () -> gateway.pluginState("egress-class").equals("loaded"));
      assertThat(gateway.shell("policy:check"))
          .contains("warning: plugin egress-class 1.0.0 requests network.egress class:internal_db, which the policy does not define");

      // weather, a bundled example, requests class:weather-api: define it too, so that no warning is left
      write("deployment.yml", "egress_classes:\n  internal_db: ['10.0.0.5:5432']\n  weather-api: ['api.weather.example:443']\n");
      assertThat(gateway.shell("policy:check")).startsWith("policy files ok").doesNotContain("egress-class").doesNotContain("warning");
    } finally {
      gateway.shell("plugin:uninstall --purge egress-class");
    }
  }
}
