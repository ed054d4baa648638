package ai.tyrum.gateway.itest.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Patterns from the policy directory that made java.util.regex backtrack: redaction patterns that
 * overflowed the stack or burnt a core past the deadline, and a tool-id glob with many stars that made
 * every decision exponential. Through the real gateway.policy bundle, HTTP and the audit log.
 */
class HostilePolicyPatternsIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String POLICY =
      """
      tools:
        deny: ["************q"]
      redaction:
        patterns: ['(\\w+\\s*)+=', '.*.*=']
      """;

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .dataFile("policy/deployment.yml", POLICY)
        .plugin("echo")
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonNode invokeEcho(String text) {
    String body = JSON.createObjectNode().put("agent", "default")
        .set("input", JSON.createObjectNode().put("text", text)).toString();
    return gateway.http().post("/tools/plugin.echo.echo/invoke", body).assertStatus(200).json();
  }

  private static List<JsonNode> echoCallRecords() throws Exception {
    return Files.readAllLines(gateway.data().resolve("audit/audit.log")).stream()
        .map(line -> JSON.readTree(line))
        .filter(r -> r.path("type").asString().equals("plugin_tool.invoked"))
        .filter(r -> r.path("payload").path("tool").asString().equals("plugin.echo.echo"))
        .toList();
  }

  @Test
  void redactionPatternsThatOverflowedJavasStackRedactABigOutputAndTheCallIsAudited() throws Exception {
    int before = echoCallRecords().size();
    String words = "word ".repeat(1700); // 8.5 KiB: (\w+\s*)+= overflowed the stack here
    assertThat(invokeEcho(words).path("output").path("text").asString()).isEqualTo(words);
    assertThat(invokeEcho(words + "secret=kept").path("output").path("text").asString()).isEqualTo("[REDACTED]kept");
    // .*.*= took 34 s of CPU on 2.5 KiB without an equals sign
    String run = "x".repeat(2500);
    assertThat(invokeEcho(run).path("output").path("text").asString()).isEqualTo(run);

    List<JsonNode> records = echoCallRecords();
    assertThat(records).hasSize(before + 3);
    assertThat(records.subList(before, records.size())).allSatisfy(r ->
        assertThat(r.path("payload").path("outcome").asString()).isEqualTo("ok"));
    assertThat(records.get(before + 1).path("payload").path("redactions").asInt()).isEqualTo(1);
  }

  @Test
  void aGlobWithManyStarsDecidesEveryCallAndListing() {
    assertThat(gateway.http().get("/tools?agent=default").assertStatus(200).json().path("tools"))
        .anySatisfy(tool -> {
          assertThat(tool.path("id").asString()).isEqualTo("plugin.echo.echo");
          assertThat(tool.path("exposed").asBoolean()).isTrue();
        });
    assertThat(invokeEcho("not denied").path("output").path("text").asString()).isEqualTo("not denied");
    assertThat(gateway.shell().run("tool:explain --agent default plugin.echo.echo").assertSucceeded().console())
        .contains("allowed_by_default");
  }

  @Test
  void redactionPatternWithABackreferenceIsRefusedWithTheFileAndPointer() throws Exception {
    String snapshot = gateway.http().get("/status").assertStatus(200).json().path("policy_snapshot").asString();
    Files.writeString(gateway.data().resolve("policy/overrides.yml"), "redaction:\n  patterns: ['(a+)\\1']\n");
    try {
      String refusal = gateway.shell().run("policy:reload").console();
      assertThat(refusal).contains("overrides.yml").contains("/redaction/patterns/0").contains("RE2");
      // the refused file changes nothing
      assertThat(gateway.http().get("/status").assertStatus(200).json().path("policy_snapshot").asString())
          .isEqualTo(snapshot);
    } finally {
      Files.delete(gateway.data().resolve("policy/overrides.yml"));
      gateway.shell().run("policy:reload");
    }
  }
}
