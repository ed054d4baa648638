package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.ToolCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreetToolTest {

  private final GreetTool tool = new GreetTool();

  @Test
  void greetsTheNameWithTheDefaultGreeting() {
    var result = tool.invoke(new ToolCall("plugin.${pluginId}.greet", "default", Map.of("name", "Ada")));

    assertThat(result.output()).isEqualTo(Map.of("greeting", "Hello, Ada!"));
  }

  @Test
  void greetsWithTheConfiguredGreetingAfterAChange() {
    tool.modified(greeting("Bonjour"));

    var result = tool.invoke(new ToolCall("plugin.${pluginId}.greet", "default", Map.of("name", "Ada")));

    assertThat(result.output()).isEqualTo(Map.of("greeting", "Bonjour, Ada!"));
  }

  @Test
  void outputSatisfiesTheDeclaredOutputSchema() {
    var input = Map.<String, Object>of("name", "Grace Hopper");
    assertThat(JsonFiles.violations("schemas/greet.input.json", input)).isEmpty();

    var output = tool.invoke(new ToolCall("plugin.${pluginId}.greet", "default", input)).output();

    assertThat(JsonFiles.violations("schemas/greet.output.json", output)).isEmpty();
  }

  @Test
  void theConfigPidIsTheOneTheGatewayDeliversTheConfigUnder() {
    assertThat(${className}Plugin.CONFIG_PID).isEqualTo("tyrum.plugin.${pluginId}");
  }

  private static GreetTool.Config greeting(String value) {
    return new GreetTool.Config() {
      @Override
      public String greeting() {
        return value;
      }

      @Override
      public Class<? extends java.lang.annotation.Annotation> annotationType() {
        return GreetTool.Config.class;
      }
    };
  }
}
