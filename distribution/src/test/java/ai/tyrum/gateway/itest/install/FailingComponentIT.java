package ai.tyrum.gateway.itest.install;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;

/**
 * A plugin whose DS component throws while it activates: its manifest is valid and its bundle starts, but
 * SCR cannot create the component, and records that only in its runtime DTOs. The gateway learns of it
 * when SCR announces the change, and fails the plugin ({@code component_failed}).
 */
class FailingComponentIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        // SCR prints each activation failure with its stack trace (DS 112.5.8 asks it to log one): here it
        // is the expected outcome, which the test reads from the gateway, not from the console
        .property("ds.showerrors", "false")
        .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void pluginWhoseComponentThrowsInActivateIsFailedWithComponentFailed() {
    Bundle[] installed = new Bundle[1];
    String printed = gateway.printedWhile(() -> {
      installed[0] = gateway.install(gateway.fixture("throwing-component"));
      gateway.awaitPluginState("throwing-component", "failed");
    });
    Bundle bundle = installed[0];

    assertThat(printed.lines()).as("printed for an expected failure").noneMatch(line -> line.contains("ERROR") || line.startsWith("\tat "));
    JsonNode plugin = gateway.http().get("/plugins/throwing-component").assertStatus(200).json();
    assertThat(plugin.path("reason").asString()).isEqualTo("component_failed");
    assertThat(HostileManifestsIT.details(plugin))
        .contains("component ai.tyrum.fixture.throwingcomponent.PingTool failed to activate:"
            + " java.lang.IllegalStateException: the throwing-component fixture refuses to activate")
        .doesNotContain("\tat ", "InvocationTargetException");
    assertThat(gateway.http().post("/tools/plugin.throwing-component.ping/invoke", "{\"agent\":\"default\",\"input\":{}}").status())
        .isEqualTo(404);
    HostileManifestsIT.assertFailedEventNames(gateway, bundle, "component_failed");
  }
}
