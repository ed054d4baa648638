package ai.tyrum.gateway.itest.extender;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.TestPlugin;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The extender in a framework with gateway.core and no policy bundle: a plugin it accepts is loaded and
 * its tool served; a plugin it refuses is {@code failed} with its reason and never resolves.
 */
class PluginExtenderIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void installedEchoIsLoadedAndItsToolServed() {
    Bundle echo = gateway.install(gateway.examplePlugin("echo"));

    gateway.awaitPluginState("echo", "loaded");
    assertThat(echo.getState()).isEqualTo(Bundle.ACTIVE);
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("hi");
  }

  @ParameterizedTest(name = "{0} is failed with {2}")
  @CsvSource({
    "path-escape, path-escape, path_escape",
    "missing-schema, missing-schema, missing_schema",
    // the two that the system bundle's stand-in for gateway.api must refuse as the bundle would
    "api-major-mismatch, api-next, api_major_mismatch",
    "imports-spi, imports-spi, forbidden_import"
  })
  void refusedFixtureIsFailedWithItsReasonAndNeverResolves(String fixture, String pluginId, String reason) {
    Bundle[] refused = new Bundle[1];
    String printed = gateway.printedWhile(() -> {
      refused[0] = gateway.install(gateway.fixture(fixture));
      gateway.awaitPluginState(pluginId, "failed");
    });

    assertThat(gateway.http().get("/plugins/" + pluginId).assertStatus(200).json().path("reason").asString())
        .isEqualTo(reason);
    assertThat(refused[0].getState()).isEqualTo(Bundle.INSTALLED);
    assertThat(printed.lines()).as("printed for an expected refusal").noneMatch(line -> line.contains("ERROR") || line.startsWith("\tat "));
  }

  @Test
  void aToolServiceThePluginDeclaresIsServed() {
    Bundle plugin = gateway.install(TestPlugin.withId("declared").tool("shout", Effect.read_only).toBundle());
    gateway.awaitPluginState("declared", "loaded");

    Tool shout = call -> ToolResult.of(Map.of("text", call.string("text").toUpperCase()));
    plugin.getBundleContext().registerService(Tool.class, shout, FrameworkUtil.asDictionary(TestPlugin.toolProperties("declared", "shout")));

    assertThat(gateway.http().post("/tools/plugin.declared.shout/invoke", "{\"input\":{\"text\":\"hi\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("HI");
  }

  @Test
  void aToolServiceThePluginDoesNotDeclareFailsThePlugin() {
    Bundle plugin = gateway.install(TestPlugin.withId("sneaky").tool("shout", Effect.read_only).toBundle());
    gateway.awaitPluginState("sneaky", "loaded");

    Tool hidden = call -> ToolResult.of(Map.of("text", "never served"));
    plugin.getBundleContext().registerService(Tool.class, hidden, FrameworkUtil.asDictionary(TestPlugin.toolProperties("sneaky", "hidden")));

    gateway.awaitPluginState("sneaky", "failed");
    assertThat(gateway.http().get("/plugins/sneaky").assertStatus(200).json().path("reason").asString())
        .isEqualTo("undeclared_contribution");
    assertThat(gateway.http().post("/tools/plugin.sneaky.hidden/invoke", "{\"input\":{\"text\":\"hi\"}}").status())
        .isEqualTo(404);
  }
}
