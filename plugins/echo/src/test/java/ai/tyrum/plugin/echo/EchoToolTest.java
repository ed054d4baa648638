package ai.tyrum.plugin.echo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.ToolCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoToolTest {

  private final EchoTool tool = new EchoTool();

  @Test
  void returnsTheTextItIsGiven() {
    var result = tool.invoke(new ToolCall("plugin.echo.echo", "default", Map.of("text", "hello")));

    assertThat(result.output()).isEqualTo(Map.of("text", "hello"));
  }

  @Test
  void outputSatisfiesTheDeclaredOutputSchema() {
    var input = Map.<String, Object>of("text", "héllo wörld");
    assertThat(JsonFiles.violations("schemas/echo.input.json", input)).isEmpty();

    var output = tool.invoke(new ToolCall("plugin.echo.echo", "default", input)).output();

    assertThat(JsonFiles.violations("schemas/echo.output.json", output)).isEmpty();
  }
}
