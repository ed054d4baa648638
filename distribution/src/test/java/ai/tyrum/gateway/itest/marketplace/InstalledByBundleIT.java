package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A plugin that installs a bundle itself (DESIGN section 5, "Gate"): the bundle never resolves, the attempt
 * is recorded as {@code installed_by_bundle}, and at the next start the bundle is removed, since the
 * lockfile does not hold it, even though its location poses as one of the pipeline's.
 */
class InstalledByBundleIT {

  @Test
  void bundleInstalledByAPluginNeverResolvesAndIsGoneAfterARestart() {
    GatewayFramework gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    Installed.ready(gateway);
    try {
      gateway.shell().run("plugin:install " + gateway.fixture("installs-bundle")).assertSucceeded();
      gateway.awaitPluginState("installs-bundle", "loaded");
      long seq = Installed.lastSeq(gateway);

      JsonNode output = gateway.http().post("/tools/plugin.installs-bundle.install_other/invoke", "{\"agent\":\"default\",\"input\":{}}")
          .assertStatus(200).json().path("output");

      assertThat(output.path("installed").asBoolean()).isTrue();
      assertThat(output.path("resolved").asBoolean()).isFalse();
      JsonNode event = Installed.failed(gateway, seq);
      assertThat(event.path("reason").asString()).isEqualTo("installed_by_bundle");
      assertThat(event.path("location").asString()).isEqualTo("tyrum:plugin:smuggled");
      assertThat(event.path("details").toString()).contains("ai.tyrum.fixture.installs-bundle");
      assertThat(Installed.bundle(gateway, "tyrum:plugin:smuggled")).isNotNull();
      assertThat(Installed.lockfile(gateway).path("plugins").has("smuggled")).isFalse();

      gateway = gateway.restart();
      Installed.ready(gateway);

      GatewayFramework restarted = gateway;
      Await.until("the smuggled bundle is uninstalled", () -> Installed.bundle(restarted, "tyrum:plugin:smuggled") == null);
      assertThat(Installed.events(gateway, 0, "plugin.lifecycle"))
          .anySatisfy(e -> {
            assertThat(e.path("reason").asString()).isEqualTo("not_in_lockfile");
            assertThat(e.path("location").asString()).isEqualTo("tyrum:plugin:smuggled");
          });
      gateway.awaitPluginState("installs-bundle", "loaded");
    } finally {
      gateway.close();
    }
  }
}
