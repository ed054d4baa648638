package ai.tyrum.gateway.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class ToolServiceTest {

  private final Tool echo = call -> ToolResult.of(Map.of("text", call.string("text")));

  @Test
  void aLazyToolIsObtainedAtItsFirstUseAndThenHeld() {
    FakeObjects objects = new FakeObjects(echo);
    ToolService service = ToolService.lazy(objects, tool -> null);

    assertThat(service.obtained()).isFalse();
    assertThat(objects.gets).isZero();
    assertThat(service.get()).isSameAs(echo);
    assertThat(service.get()).isSameAs(echo);
    assertThat(objects.gets).isEqualTo(1);
    assertThat(service.obtained()).isTrue();
  }

  @Test
  void aComponentThatCannotActivateMakesTheToolUnavailable() {
    ToolService service = ToolService.lazy(new FakeObjects(null), tool -> null);

    assertThatThrownBy(service::get).isInstanceOf(ToolService.Unavailable.class)
        .hasMessageContaining("could not be activated");
    assertThat(service.obtained()).isFalse();
  }

  @Test
  void anObjectRefusedWhenItIsJudgedIsGivenBackAndNeverServed() {
    FakeObjects objects = new FakeObjects(echo);
    ToolService service = ToolService.lazy(objects, tool -> "its class was defined by another bundle");

    assertThatThrownBy(service::get).isInstanceOf(ToolService.Unavailable.class)
        .hasMessage("its class was defined by another bundle");
    assertThat(objects.given).containsExactly(echo);
    assertThat(service.obtained()).isFalse();
  }

  private static final class FakeObjects implements ComponentServiceObjects<Tool> {
    private final Tool tool;
    private final List<Tool> given = new ArrayList<>();
    private int gets;

    FakeObjects(Tool tool) {
      this.tool = tool;
    }

    @Override
    public Tool getService() {
      gets++;
      return tool;
    }

    @Override
    public void ungetService(Tool service) {
      given.add(service);
    }

    @Override
    public ServiceReference<Tool> getServiceReference() {
      return null;
    }
  }
}
