package ai.tyrum.gateway.itest.extender;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the extender makes of the plugins a framework cache holds when the gateway starts again. */
class PluginExtenderRestartIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void startInstallAndRestart() {
    GatewayFramework first = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).start();
    first.install(first.examplePlugin("echo"));
    first.awaitPluginState("echo", "loaded");
    gateway = first.restart();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aLoadedPluginIsLoadedAgainAndServesItsTool() {
    gateway.awaitPluginState("echo", "loaded");
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"again\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("again");
  }

  @Test
  void theAdminTokenOfTheFirstStartStillWorksAndNoNewOneIsMinted() {
    gateway.http().get("/plugins").assertStatus(200);
    assertThat(gateway.printed()).doesNotContain("bootstrap admin token");
  }
}
