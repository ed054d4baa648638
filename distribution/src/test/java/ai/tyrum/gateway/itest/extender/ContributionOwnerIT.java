package ai.tyrum.gateway.itest.extender;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.TestPlugin;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One owner per contribution, in a real framework: a declared tool, command or route is served by the
 * first registration its plugin's bundle made with the plugin's own classes; one whose class another
 * bundle defined (a borrowed bundle context) or a second one (whatever its ranking) is refused, recorded
 * and never served.
 */
class ContributionOwnerIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .plugin("echo")
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aPluginThatBorrowsEchosContextCannotReplaceEchosToolCommandOrRoute() throws Exception {
    Bundle hijack = gateway.install(gateway.fixture("tool-hijack"));
    gateway.awaitPluginState("tool-hijack", "failed");

    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("hi");
    assertThat(gateway.http().post("/commands/execute", "{\"agent\":\"default\",\"text\":\"/echo hi\"}")
            .assertStatus(200).json().path("output").asString())
        .isEqualTo("hi");
    JsonNode ping = gateway.http().get("/plugins/echo/rpc/ping").assertStatus(200).json();
    assertThat(ping.path("ok").asBoolean()).isTrue();
    assertThat(ping.has("hijacked")).isFalse();

    JsonNode echo = plugin("echo");
    assertThat(echo.path("state").asString()).isEqualTo("loaded");
    assertThat(echo.path("refused_services"))
        .extracting(r -> r.path("reason").asString() + " " + r.path("kind").asString() + ":" + r.path("name").asString())
        .containsExactlyInAnyOrder(
            "foreign_registration tool:echo", "foreign_registration command:echo", "foreign_registration route:ping",
            "foreign_registration tool:backdoor",
            "duplicate_contribution tool:echo", "duplicate_contribution command:echo", "duplicate_contribution route:ping");
    assertThat(echo.path("refused_services"))
        .filteredOn(r -> r.path("reason").asString().equals("foreign_registration"))
        .allSatisfy(r -> assertThat(r.path("implementation").asString()).contains("of bundle ai.tyrum.fixture.tool-hijack"));
    assertThat(gateway.http().post("/tools/plugin.echo.backdoor/invoke", "{\"agent\":\"default\",\"input\":{}}").status())
        .isEqualTo(404);
    JsonNode thief = plugin("tool-hijack");
    assertThat(thief.path("reason").asString()).isEqualTo("undeclared_contribution");

    for (Map.Entry<String, Integer> recorded : Map.of("foreign_registration", 4, "duplicate_contribution", 3).entrySet()) {
      assertThat(lifecycleEvents(recorded.getKey())).as(recorded.getKey()).hasSize(recorded.getValue()).allSatisfy(event -> {
        assertThat(event.path("payload").path("plugin").path("id").asString()).isEqualTo("echo");
        assertThat(event.path("payload").path("kind").asString()).isEqualTo("failed");
        assertThat(event.path("payload").path("state").asString()).isEqualTo("loaded");
        assertThat(event.path("payload").path("service").path("service_id").asLong()).isPositive();
      });
    }
    assertThat(lifecycleEvents("undeclared_contribution"))
        .anySatisfy(event -> assertThat(event.path("payload").path("details").toString()).contains("for plugin echo"));

    hijack.uninstall();
    assertThat(plugin("echo").path("refused_services")).isEmpty();
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"still\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("still");
    assertThat(gateway.http().get("/audit/verify").assertStatus(200).json().path("ok").asBoolean()).isTrue();
  }

  @Test
  void whenTheServingRegistrationGoesAWaitingDuplicateIsNeverPromoted() {
    Bundle plugin = gateway.install(TestPlugin.withId("owned").tool("shout", Effect.read_only).toBundle());
    gateway.awaitPluginState("owned", "loaded");
    Tool first = call -> ToolResult.of(Map.of("text", "first"));
    Tool second = call -> ToolResult.of(Map.of("text", "second"));
    Tool third = call -> ToolResult.of(Map.of("text", "third"));

    ServiceRegistration<Tool> serving = register(plugin, first, 0);
    ServiceRegistration<Tool> waiting = register(plugin, second, Integer.MAX_VALUE);
    assertThat(shout().assertStatus(200).json().path("output").path("text").asString()).isEqualTo("first");

    serving.unregister();
    assertThat(shout().status()).isEqualTo(404);
    assertThat(plugin("owned").path("state").asString()).isEqualTo("loaded");

    register(plugin, third, 0);
    assertThat(shout().assertStatus(200).json().path("output").path("text").asString()).isEqualTo("third");
    waiting.unregister();
    assertThat(shout().assertStatus(200).json().path("output").path("text").asString()).isEqualTo("third");
    assertThat(plugin("owned").path("refused_services")).isEmpty();
  }

  private static ServiceRegistration<Tool> register(Bundle plugin, Tool tool, int ranking) {
    Map<String, Object> properties = new HashMap<>(TestPlugin.toolProperties("owned", "shout"));
    properties.put(Constants.SERVICE_RANKING, ranking);
    return plugin.getBundleContext().registerService(Tool.class, tool, FrameworkUtil.asDictionary(properties));
  }

  private static ai.tyrum.gateway.itest.HttpResult shout() {
    return gateway.http().post("/tools/plugin.owned.shout/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}");
  }

  private static JsonNode plugin(String id) {
    for (JsonNode plugin : gateway.http().get("/plugins").assertStatus(200).json().path("plugins")) {
      if (plugin.path("id").asString().equals(id)) {
        return plugin;
      }
    }
    throw new AssertionError("GET /plugins does not list " + id);
  }

  private static List<JsonNode> lifecycleEvents(String reason) throws Exception {
    return Files.readAllLines(gateway.data().resolve("audit/audit.log")).stream()
        .map(JSON::readTree)
        .filter(r -> r.path("type").asString().equals("plugin.lifecycle"))
        .filter(r -> r.path("payload").path("reason").asString().equals(reason))
        .toList();
  }
}
