package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /plugins} and {@code GET /tools} over gateway.core with a fake policy and the echo plugin. */
class PluginsResourceIT {

  private static final FakeToolPolicy POLICY = FakeToolPolicy.allowingAll();
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, POLICY)
        .token("reader", "operator.read")
        .plugin("echo")
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void pluginsListsEchoWithTheContractsFields() {
    JsonNode plugins = gateway.http().get("/plugins").assertStatus(200).json().path("plugins");

    assertThat(plugins).anySatisfy(plugin -> {
      assertThat(plugin.path("id").asString()).isEqualTo("echo");
      assertThat(plugin.path("state").asString()).isEqualTo("loaded");
      assertThat(plugin.path("version").asString()).isEqualTo("1.0.0");
      assertThat(plugin.path("bundle").asString()).isEqualTo("ai.tyrum.plugin.echo");
    });
  }

  @Test
  void pluginsNeedsAToken() {
    assertThat(gateway.http().withoutToken().get("/plugins").assertStatus(401).errorCode()).isNotEmpty();
    assertThat(gateway.http().withToken("tyr_not-a-token").get("/plugins").status()).isEqualTo(401);
  }

  @Test
  void aReadTokenReadsButCannotWrite() {
    var reader = gateway.http().withToken(gateway.token("reader"));

    reader.get("/plugins").assertStatus(200);
    assertThat(reader.put("/plugins/echo/config", "{\"greeting\":\"hi\"}").assertStatus(403).errorCode())
        .isEqualTo("forbidden_scope");
  }

  @Test
  void toolsReflectsThePolicysDecisionForTheAgent() {
    POLICY.decide("plugin.echo.echo", Decision.require_approval, "approval_required_by_policy");
    try {
      JsonNode echo = echoTool(gateway.http().get("/tools?agent=default").assertStatus(200).json());

      assertThat(echo.path("exposed").asBoolean()).isTrue();
      assertThat(echo.path("decision").asString()).isEqualTo("require_approval");
      assertThat(echo.path("reason").asString()).isEqualTo("approval_required_by_policy");
      assertThat(echo.path("policy_snapshot").asString()).isEqualTo(FakeToolPolicy.SNAPSHOT_ID);
    } finally {
      POLICY.decide("plugin.echo.echo", Decision.allow, "allowed_by_default");
    }
  }

  private static JsonNode echoTool(JsonNode tools) {
    for (JsonNode tool : tools.path("tools")) {
      if (tool.path("id").asString().equals("plugin.echo.echo")) {
        return tool;
      }
    }
    throw new AssertionError("plugin.echo.echo is not listed: " + tools);
  }
}
