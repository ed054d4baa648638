package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Regression: the start after a plugin installed a bundle itself (which the resolve gate refuses, and which
 * declares no requirement) left gateway.webconsole unresolved now and then. Started last among the
 * gateway's bundles, it could resolve while the gate held that bundle out, and Felix then wires nothing
 * resolved in that operation to a bundle resolved before it. The console now starts with the services,
 * before the gate exists.
 */
class WebConsoleBesideARefusedBundleIT {

  @Test
  void webConsoleServesAtTheStartAfterAPluginInstalledABundleItself() {
    GatewayFramework gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    Installed.ready(gateway);
    try {
      gateway.shell().run("plugin:install " + gateway.fixture("installs-bundle")).assertSucceeded();
      gateway.awaitPluginState("installs-bundle", "loaded");
      gateway.http().post("/tools/plugin.installs-bundle.install_other/invoke", "{\"agent\":\"default\",\"input\":{}}").assertStatus(200);
      assertThat(Installed.bundle(gateway, "tyrum:plugin:smuggled")).isNotNull();

      gateway = gateway.restart();
      Installed.ready(gateway);

      Bundle console = Arrays.stream(gateway.context().getBundles())
          .filter(b -> "gateway.webconsole".equals(b.getSymbolicName()))
          .findFirst().orElseThrow();
      assertThat(console.getState()).isEqualTo(Bundle.ACTIVE);
      assertThat(console.adapt(BundleStartLevel.class).getStartLevel()).isEqualTo(1);
      gateway.http().withoutToken().get("/ui/").assertStatus(200);
    } finally {
      gateway.close();
    }
  }
}
