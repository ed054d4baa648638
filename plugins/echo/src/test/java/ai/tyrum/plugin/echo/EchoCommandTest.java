package ai.tyrum.plugin.echo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.CommandRequest;
import org.junit.jupiter.api.Test;

class EchoCommandTest {

  private final EchoCommand command = new EchoCommand();

  @Test
  void echoHelloWorldAnswersHelloWorld() {
    var result = command.execute(new CommandRequest("echo", "hello world", "default"));

    assertThat(result.output()).isEqualTo("hello world");
  }

  @Test
  void echoWithoutTextAnswersNothing() {
    assertThat(command.execute(new CommandRequest("echo", "", "default")).output()).isEmpty();
  }
}
