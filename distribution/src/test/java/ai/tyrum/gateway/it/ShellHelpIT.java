package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every gateway shell command answers {@code --help} with its usage instead of running (DESIGN section 7). */
class ShellHelpIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plugin:list", "plugin:info", "plugin:inspect", "plugin:config", "plugin:install", "plugin:uninstall",
        "tool:list", "tool:call", "tool:explain", "gateway:status", "gateway:export", "policy:show", "policy:reload",
        "policy:check", "approval:list", "approval:approve", "approval:deny", "audit:tail", "audit:verify"
      })
  void commandPrintsItsUsageForHelp(String command) throws Exception {
    String function = command.substring(command.indexOf(':') + 1);
    for (String flag : new String[] {"--help", "-h"}) {
      String printed = gateway.shellPrinted(command + " " + flag);
      assertThat(printed).as("%s %s", command, flag).contains(function).contains("--help");
      assertThat(printed.split("usage: ", -1)).as("one help block: %s", printed).hasSize(2);
    }
  }
}
