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
  void echoWithoutTextAnswersTheDefaultGreeting() {
    assertThat(command.execute(new CommandRequest("echo", "", "default")).output()).isEqualTo("hello");
  }

  @Test
  void echoWithoutTextAnswersTheConfiguredGreetingAfterAChange() {
    command.modified(greeting("bonjour"));

    assertThat(command.execute(new CommandRequest("echo", "", "default")).output()).isEqualTo("bonjour");
    assertThat(command.execute(new CommandRequest("echo", "hi", "default")).output()).isEqualTo("hi");
  }

  private static EchoCommand.Config greeting(String value) {
    return new EchoCommand.Config() {
      @Override
      public String greeting() {
        return value;
      }

      @Override
      public Class<? extends java.lang.annotation.Annotation> annotationType() {
        return EchoCommand.Config.class;
      }
    };
  }
}
