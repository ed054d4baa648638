package ai.tyrum.gateway.lib.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.Test;

class ShellCommandTest {

  @Command(scope = "demo", function = "greet")
  static final class Greet extends ShellCommand {
    @Descriptor("greets someone")
    public String greet(
        @Descriptor("how often") @Parameter(names = {"-n", "--times"}, absentValue = "1") int times,
        @Descriptor("shout") @Parameter(names = "--loud", presentValue = "true", absentValue = "false") boolean loud,
        @Descriptor("who to greet") String personName,
        @Descriptor("more names") String... others) {
      if (personName.equals("nobody")) {
        throw new GatewayException("unknown_person", 404, "no such person: nobody", List.of("first detail", "second detail"));
      }
      if (personName.equals("bug")) {
        throw new IllegalStateException("a bug");
      }
      String hello = ("hello " + personName + (others.length == 0 ? "" : " and " + String.join(" and ", others)) + "\n").repeat(times);
      return loud ? hello.toUpperCase() : hello;
    }
  }

  private final Greet greet = new Greet();

  private Object run(String... words) throws Exception {
    return greet.execute(null, List.<Object>of(words));
  }

  @Test
  void bindsOptionsFlagsArgumentsAndTheRest() throws Exception {
    assertThat(run("ann")).isEqualTo("hello ann\n");
    assertThat(run("--loud", "-n", "2", "ann", "bob")).isEqualTo("HELLO ANN AND BOB\nHELLO ANN AND BOB\n");
    assertThat(run("ann", "--times", "1", "bob", "cy")).isEqualTo("hello ann and bob and cy\n");
  }

  @Test
  void helpPrintsOneBlockWithUsageOptionsAndArguments() throws Exception {
    String help = (String) run("--help");
    assertThat(run("-h")).isEqualTo(help);
    assertThat(help).isEqualTo("""
        demo:greet - greets someone

        usage: demo:greet [--times TIMES] [--loud] PERSON_NAME [OTHERS...]

        options:
          -n, --times TIMES  how often (default: 1)
          --loud             shout
          -h, --help         show this help

        arguments:
          PERSON_NAME  who to greet
          OTHERS       more names
        """);
  }

  @Test
  void aMissingArgumentAnswersWithTheUsage() {
    assertThatThrownBy(() -> run("--loud"))
        .isInstanceOf(CommandError.class)
        .hasToString("error invalid_arguments: missing PERSON_NAME\n"
            + "  usage: demo:greet [--times TIMES] [--loud] PERSON_NAME [OTHERS...]\n"
            + "  see demo:greet --help");
  }

  @Test
  void aMistypedOptionValueOrAnUnknownOptionAnswersWithTheUsage() {
    assertThatThrownBy(() -> run("-n", "two", "ann")).hasMessageStartingWith("error invalid_arguments: -n must be a whole number, not two\n  usage: ");
    assertThatThrownBy(() -> run("--time", "2", "ann")).hasMessageStartingWith("error invalid_arguments: unknown option --time\n");
    assertThatThrownBy(() -> run("ann", "--times")).hasMessageStartingWith("error invalid_arguments: --times needs a value: -n, --times TIMES\n");
  }

  @Test
  void aGatewayRefusalReadsErrorCodeMessageAndItsDetailsWithoutAClassName() {
    assertThatThrownBy(() -> run("nobody"))
        .isInstanceOf(CommandError.class)
        .hasMessage("error unknown_person: no such person: nobody\n  first detail\n  second detail")
        .hasToString("error unknown_person: no such person: nobody\n  first detail\n  second detail");
  }

  @Test
  void aMessageThatRepeatsItsDetailsAtItsEndPrintsThemOnce() {
    GatewayException refusal = new GatewayException("invalid_policy", 422, "not valid: a.yml: /x; b.yml: /y", List.of("a.yml: /x", "b.yml: /y"));
    assertThat(CommandError.of(refusal)).hasToString("error invalid_policy: not valid\n  a.yml: /x\n  b.yml: /y");
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorThatKeepsItsCause() {
    assertThatThrownBy(() -> run("bug"))
        .hasToString("error internal_error: a bug")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Command(scope = "demo", function = "other")
  static final class Misnamed extends ShellCommand {
    @Descriptor("is not named after its function")
    public String greet() {
      return "";
    }
  }

  @Test
  void aCommandWhoseMethodIsNotNamedAfterItsFunctionDoesNotConstruct() {
    assertThatThrownBy(Misnamed::new).isInstanceOf(IllegalStateException.class).hasMessageContaining("named other");
  }
}
