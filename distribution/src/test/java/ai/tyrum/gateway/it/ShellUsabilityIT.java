package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the console prints for wrong input, failures and tables, through the gateway's real Gogo shell. */
class ShellUsabilityIT {

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
  @CsvSource(delimiter = '|', value = {
    "plugin:info nope                      | error unknown_plugin: no plugin nope is installed",
    "plugin:inspect nope                   | error unknown_plugin: no plugin nope is installed",
    "plugin:inspect /no/such.jar           | error no_such_file: /no/such.jar is not a file",
    "plugin:config nope get                | error unknown_plugin: ",
    "plugin:config echo frob               | error invalid_arguments: unknown action frob",
    "plugin:install /no/such.jar           | error no_such_file: there is no file /no/such.jar",
    "plugin:uninstall nope                 | error unknown_plugin: no plugin nope is installed",
    "tool:call plugin.echo.echo nojson     | error invalid_json: the input is not JSON",
    "tool:call plugin.nope.nope {}         | error unknown_tool: ",
    "tool:explain plugin.nope.nope         | error unknown_tool: no installed plugin declares tool plugin.nope.nope",
    "approval:approve nope                 | error unknown_approval: ",
    "approval:deny nope                    | error unknown_approval: ",
    "policy:show --snapshot nope           | error unknown_snapshot: no policy snapshot nope",
    "policy:check /no/such.yml             | error ",
    "gateway:export /no/such/dir/out.zip   | error no_such_directory: /no/such/dir does not exist",
    "audit:tail -n 0                       | error invalid_arguments: -n must be at least 1",
  })
  void everyFailureReadsErrorCodeAndMessageWithoutAClassName(String commandLine, String expected) throws Exception {
    String printed = gateway.consolePrints(commandLine);
    assertThat(printed).startsWith(expected).doesNotContain("java.").doesNotContain("Exception");
    assertThat(gateway.shellFails(commandLine)).as("what a script reads").isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "plugin:info                        | missing ID                  | usage: plugin:info [--json] ID",
    "plugin:config echo                 | missing ACTION              | usage: plugin:config [--json] ID ACTION [ARGS...]",
    "tool:call plugin.echo.echo         | missing INPUT               | usage: tool:call [--agent AGENT] [--approval APPROVAL] TOOL_ID INPUT",
    "tool:call                          | missing TOOL_ID and INPUT   | usage: tool:call",
    "approval:approve                   | missing ID                  | usage: approval:approve [--as NAME] ID",
    "audit:tail -n many                 | -n must be a whole number, not many | usage: audit:tail",
    "tool:list --agnet ops              | unknown option --agnet      | usage: tool:list [--agent AGENT] [--json]",
    "plugin:list extra                  | unexpected argument extra   | usage: plugin:list [--json]",
  })
  void aMissingOrMistypedArgumentAnswersWithTheUsage(String commandLine, String problem, String usage) throws Exception {
    String printed = gateway.consolePrints(commandLine);
    assertThat(printed).startsWith("error invalid_arguments: " + problem + "\n  " + usage).doesNotContain("Cannot coerce");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tool:call --help", "tool:call -h", "tool:call plugin.echo.echo --help", "plugin:config --help", "policy:check --help"})
  void helpPrintsOneBlock(String commandLine) throws Exception {
    String printed = gateway.consolePrints(commandLine);
    assertThat(printed.split("usage: ", -1)).as(printed).hasSize(2);
    assertThat(printed.split("options:", -1)).as(printed).hasSize(2);
  }

  @Test
  void aTypoSuggestsTheClosestCommand() throws Exception {
    assertThat(gateway.consolePrints("tool:lst")).isEqualTo("error unknown_command: tool:lst is not a command\n  did you mean tool:list?");
    assertThat(gateway.consolePrints("plugin:lsit --json")).isEqualTo("error unknown_command: plugin:lsit is not a command\n  did you mean plugin:list?");
    assertThat(gateway.consolePrints("frobnicate")).isEqualTo("error unknown_command: frobnicate is not a command\n  help lists the commands");
  }

  @Test
  void statusValuesStartInOneColumn() throws Exception {
    List<String> lines = gateway.shell("gateway:status").lines().toList();
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("audit_sync "));
    int column = lines.get(0).indexOf("ready");
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.charAt(column - 1)).as(line).isEqualTo(' ');
      assertThat(line.charAt(column)).as(line).isNotEqualTo(' ');
    });
  }

  @Test
  void statusShowsNestedValuesAsJson() throws Exception {
    List<String> lines = gateway.shell("gateway:status").lines().toList();
    assertThat(lines).anySatisfy(line -> assertThat(line).matches("plugins +\\{\"installed\":\\d+,\"loaded\":\\d+,.*\\}"));
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("configs ").contains("\"echo\":{"));
  }

  @Test
  void approvalsShowWhenTheyExpireInSecondsUtc() throws Exception {
    Files.writeString(gateway.data.resolve("policy/deployment.yml"), "tools:\n  require_approval: [\"plugin.echo.echo\"]\n");
    gateway.shell("policy:reload");
    try {
      assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"when\"}'"))
          .containsPattern("approval required: \\S+ \\(pending until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
      List<String> rows = gateway.shell("approval:list").lines().toList();
      assertThat(rows.get(0)).contains("EXPIRES");
      assertThat(rows.get(1)).containsPattern(" \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ");
    } finally {
      Files.delete(gateway.data.resolve("policy/deployment.yml"));
      gateway.shell("policy:reload");
    }
  }
}
