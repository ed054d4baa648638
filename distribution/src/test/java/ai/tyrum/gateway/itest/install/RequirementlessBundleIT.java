package ai.tyrum.gateway.itest.install;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.TestBundle;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Regression: a refused bundle that has no requirement at all (here one that claims a tool without a
 * plugin identity) was removed from every resolve operation by the resolver hooks, and Felix then kept
 * every bundle resolved in that operation from wiring to any resolved one: while it was installed, no
 * plugin could resolve. It must stay unresolved on its own and leave the others alone.
 */
class RequirementlessBundleIT {

  private static final TestBundle TOOL_ONLY = TestBundle.of("tyrum.attacks.tool-only", "1.0.0")
      .header("Provide-Capability", "tyrum.tool;tyrum.tool=backdoor;plugin=echo;effect=read_only");

  @Test
  void pluginInstalledAfterARefusedRequirementlessBundleStillLoads() {
    try (GatewayFramework gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).start()) {
      Bundle refused = gateway.install(TOOL_ONLY);
      Await.until("the requirementless bundle is refused", () -> gateway.http().get("/plugins").body().contains("not_a_plugin"));

      Bundle plugin = gateway.install(gateway.fixture("egress-class"));

      gateway.awaitPluginState("egress-class", "loaded");
      assertThat(plugin.getState()).isEqualTo(Bundle.ACTIVE);
      assertThat(refused.getState()).isEqualTo(Bundle.INSTALLED);
    }
  }

  @Test
  void pluginInstalledThroughThePipelineAfterARefusedRequirementlessBundleStillLoads() {
    try (GatewayFramework gateway =
        GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start()) {
      gateway.service(PluginLock.class);
      Bundle refused = gateway.install(TOOL_ONLY);

      gateway.shell().run("plugin:install --grant network.egress:class:internal_db " + gateway.fixture("egress-class"))
          .assertSucceeded();

      gateway.awaitPluginState("egress-class", "loaded");
      assertThat(refused.getState()).isEqualTo(Bundle.INSTALLED);
    }
  }
}
