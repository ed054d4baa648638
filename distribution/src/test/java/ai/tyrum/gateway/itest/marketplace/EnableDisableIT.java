package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * plugin:disable stops a plugin, which stays stopped across a restart because the lockfile says so;
 * plugin:enable starts it again. Echo comes from the bundled catalog at the first start.
 */
class EnableDisableIT {

  @Test
  void disabledPluginStaysStoppedAcrossARestartUntilEnabled() {
    GatewayFramework gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    Installed.ready(gateway);
    try {
      gateway.awaitPluginState("echo", "loaded");
      long seq = Installed.lastSeq(gateway);

      gateway.shell().run("plugin:disable echo").assertSucceeded();

      assertThat(Installed.bundle(gateway, "tyrum:plugin:echo").getState()).isNotEqualTo(Bundle.ACTIVE);
      assertThat(Installed.lockEntry(gateway, "echo").path("state").asString()).isEqualTo("disabled");
      assertThat(Installed.lifecycle(gateway, seq, "disabled")).hasSize(1);

      gateway = gateway.restart();
      Installed.ready(gateway);

      assertThat(Installed.lockEntry(gateway, "echo").path("state").asString()).isEqualTo("disabled");
      assertThat(gateway.pluginState("echo")).isNotEqualTo("loaded");
      assertThat(Installed.bundle(gateway, "tyrum:plugin:echo").getState()).isNotEqualTo(Bundle.ACTIVE);

      gateway.shell().run("plugin:enable echo").assertSucceeded();

      gateway.awaitPluginState("echo", "loaded");
      assertThat(Installed.lockEntry(gateway, "echo").path("state").asString()).isEqualTo("enabled");
      assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}")
          .assertStatus(200).json().path("output").path("text").asString()).isEqualTo("hi");
    } finally {
      gateway.close();
    }
  }
}
