package ai.tyrum.gateway.itest.shell;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.ShellResult;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plugin and tool commands through the real Gogo shell, over gateway.core with a fake policy. */
class PluginCommandsIT {

  private static final FakeToolPolicy POLICY = FakeToolPolicy.allowingAll();
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, POLICY).plugin("echo").start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void pluginListShowsEchoLoaded() {
    String console = gateway.shell().run("plugin:list").assertSucceeded().console();

    assertThat(console.lines().filter(line -> line.startsWith("echo ")))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("1.0.0").contains("loaded").contains("ai.tyrum.plugin.echo"));
  }

  @Test
  void toolListShowsThePolicysDecisionForTheAgent() {
    POLICY.decide("plugin.echo.echo", Decision.deny, "denied_by_policy");
    try {
      String console = gateway.shell().run("tool:list --agent ops").assertSucceeded().console();

      assertThat(console.lines().filter(line -> line.startsWith("plugin.echo.echo ")))
          .singleElement()
          .satisfies(line -> assertThat(line).contains(" no ").contains("deny").contains("denied_by_policy"));
      assertThat(POLICY.asked()).contains("ops plugin.echo.echo");
    } finally {
      POLICY.decide("plugin.echo.echo", Decision.allow, "allowed_by_default");
    }
  }

  @Test
  void aFailingCommandIsReportedAsTheConsolePrintsIt() {
    ShellResult unknown = gateway.shell().run("plugin:info no-such-plugin").assertFailed();

    assertThat(unknown.failure()).isPresent();
    assertThat(unknown.console()).contains("no-such-plugin");
  }
}
