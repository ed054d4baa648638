package ai.tyrum.gateway.itest.extender;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The extender, the config store and config delivery in a framework with gateway.core: a plugin whose
 * stored config is invalid is refused and never resolves; the write that fixes it reaches the extender
 * only as the {@code plugin.config.changed} event, on which the plugin loads with the fixed config.
 */
class PluginRefusedForItsConfigIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String command(String text) {
    HttpResult result = gateway.http().post("/commands/execute", "{\"agent\":\"default\",\"text\":\"" + text + "\"}");
    return result.status() == 200 ? result.json().path("output").asString() : "HTTP " + result.status();
  }

  @Test
  void aWriteThatFixesTheConfigLoadsTheRefusedPluginWithIt() throws IOException {
    Path config = Files.createDirectories(gateway.data().resolve("config")).resolve("echo.json");
    Files.writeString(config, "{\"greeting\":42}");

    Bundle echo = gateway.install(gateway.examplePlugin("echo"));

    gateway.awaitPluginState("echo", "failed");
    assertThat(gateway.http().get("/plugins/echo").assertStatus(200).json().path("reason").asString())
        .isEqualTo("invalid_config");
    assertThat(echo.getState()).isEqualTo(Bundle.INSTALLED);

    // an invalid write is refused whole and leaves the plugin refused
    assertThat(gateway.http().put("/plugins/echo/config", "{\"greeting\":7}").errorCode()).isEqualTo("invalid_config");
    assertThat(gateway.pluginState("echo")).isEqualTo("failed");

    gateway.http().put("/plugins/echo/config", "{\"greeting\":\"fixed\"}").assertStatus(200);

    gateway.awaitPluginState("echo", "loaded");
    assertThat(echo.getState()).isEqualTo(Bundle.ACTIVE);
    Await.until("/echo answers the fixed greeting", () -> command("/echo").equals("fixed"));
    assertThat(gateway.http().get("/events?after=0").assertStatus(200).body()).contains("plugin.config.changed");
  }
}
