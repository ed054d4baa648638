package ai.tyrum.gateway.itest.shell;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.ShellResult;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The shell's one style (usage, help, failures, typos) through the real Gogo runtime, over gateway.core
 * with a fake policy: what the console shows for each.
 */
class ShellStyleIT {

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
  void toolCallPrintsTheToolsOutputAsIndentedJson() {
    String console = gateway.shell().run("tool:call plugin.echo.echo '{\"text\":\"hi\"}'").assertSucceeded().console();

    assertThat(console).isEqualTo("{\n  \"text\" : \"hi\"\n}\n");
  }

  @Test
  void aCallPolicyDeniesFailsWithItsCodeAndNoClassName() {
    POLICY.decide("plugin.echo.echo", Decision.deny, "denied_by_policy");
    try {
      ShellResult denied = gateway.shell().run("tool:call plugin.echo.echo '{\"text\":\"hi\"}'").assertFailed();

      assertThat(denied.console()).matches("(?s)error [a-z_]+: .*plugin\\.echo\\.echo.*\n").doesNotContain("Exception").doesNotContain("java.");
      assertThat(denied.failure().orElseThrow().getMessage()).isEqualTo(denied.console().stripTrailing());
    } finally {
      POLICY.decide("plugin.echo.echo", Decision.allow, "allowed_by_default");
    }
  }

  @Test
  void anUnknownPluginReadsErrorCodeMessageAndWhatToDo() {
    ShellResult unknown = gateway.shell().run("plugin:info no-such-plugin").assertFailed();

    assertThat(unknown.console()).isEqualTo("error unknown_plugin: no plugin no-such-plugin is installed\n  plugin:list shows the installed plugins\n");
  }

  @Test
  void aMissingArgumentAnswersWithTheUsage() {
    ShellResult missing = gateway.shell().run("tool:call plugin.echo.echo").assertFailed();

    assertThat(missing.console()).isEqualTo("error invalid_arguments: missing INPUT\n"
        + "  usage: tool:call [--agent AGENT] [--approval APPROVAL] TOOL_ID INPUT\n"
        + "  see tool:call --help\n");
  }

  @Test
  void helpIsOneBlock() {
    String help = gateway.shell().run("tool:call --help").assertSucceeded().console();

    assertThat(help).startsWith("tool:call - calls a tool through the gateway's call path");
    assertThat(help.split("usage: ", -1)).hasSize(2);
  }

  @Test
  void aTypoSuggestsTheClosestCommand() {
    ShellResult typo = gateway.shell().run("tool:lst").assertFailed();

    assertThat(typo.console()).isEqualTo("error unknown_command: tool:lst is not a command\n  did you mean tool:list?\n");
  }

  @Test
  void exitStopsTheFramework() {
    GatewayFramework own = GatewayFramework.start();
    try {
      String console = own.shell().run("gogo:exit").assertSucceeded().console();

      assertThat(console).isEqualTo("stopping the gateway\n");
      Await.until("the framework stopped", () -> own.framework().getState() == Bundle.RESOLVED);
    } finally {
      own.close();
    }
  }
}
