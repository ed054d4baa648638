package ai.tyrum.gateway.itest.extender;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;

/**
 * A tool found when the gateway starts is obtained from the framework at its first call and then held,
 * so that idle plugins cost neither their components' activation nor a use the framework tracks; one
 * installed while the gateway runs is obtained at once. What a component that cannot activate does in
 * each case.
 */
class ToolsObtainedAtFirstCallIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void installThenRestart() {
    GatewayFramework first = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        // SCR prints each activation failure with its stack trace: here it is the expected outcome
        .property("ds.showerrors", "false")
        .start();
    first.install(first.examplePlugin("echo"));
    first.awaitPluginState("echo", "loaded");
    assertThat(usersOfEchoTool(first)).as("installed while the gateway runs: obtained at once").isNotEmpty();
    first.install(first.fixture("throwing-component"));
    first.awaitPluginState("throwing-component", "failed");
    gateway = first.restart();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aToolFoundAtStartIsObtainedByItsFirstCallAndThenHeld() {
    gateway.awaitPluginState("echo", "loaded");
    assertThat(usersOfEchoTool(gateway)).as("before its first call no bundle uses the tool").isEmpty();

    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"first\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("first");

    Bundle core = bundle("gateway.core");
    assertThat(usersOfEchoTool(gateway)).extracting(Bundle::getSymbolicName).containsExactly(core.getSymbolicName());
    gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"second\"}}").assertStatus(200);
    assertThat(usersOfEchoTool(gateway)).hasSize(1);
  }

  @Test
  void aComponentThatCannotActivateFailsTheFirstCallAndThenItsPlugin() {
    gateway.awaitPluginState("throwing-component", "loaded");

    JsonNode error = gateway.http().post("/tools/plugin.throwing-component.ping/invoke", "{\"input\":{}}")
        .assertStatus(503).json().path("error");
    assertThat(error.path("code").asString()).isEqualTo("tool_unavailable");
    assertThat(error.path("message").asString()).contains("could not be activated");

    gateway.awaitPluginState("throwing-component", "failed");
    JsonNode plugin = gateway.http().get("/plugins/throwing-component").assertStatus(200).json();
    assertThat(plugin.path("reason").asString()).isEqualTo("component_failed");
    assertThat(gateway.http().post("/tools/plugin.throwing-component.ping/invoke", "{\"input\":{}}").status())
        .isEqualTo(404);
  }

  private static Bundle bundle(String symbolicName) {
    for (Bundle bundle : gateway.context().getBundles()) {
      if (symbolicName.equals(bundle.getSymbolicName())) {
        return bundle;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }

  private static List<Bundle> usersOfEchoTool(GatewayFramework framework) {
    try {
      Collection<ServiceReference<Tool>> references =
          framework.context().getServiceReferences(Tool.class, "(tyrum.tool.plugin=echo)");
      assertThat(references).hasSize(1);
      Bundle[] users = references.iterator().next().getUsingBundles();
      return users == null ? List.of() : List.of(users);
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
