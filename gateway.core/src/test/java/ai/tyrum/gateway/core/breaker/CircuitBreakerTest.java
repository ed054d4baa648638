package ai.tyrum.gateway.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.PluginInstaller;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import ai.tyrum.gateway.spi.PolicyDecision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** The circuit breaker: K overruns within the window disable the plugin; other failures and enables do not. */
class CircuitBreakerTest {

  private final CircuitBreaker breaker = new CircuitBreaker();
  private final LinkedBlockingQueue<List<Object>> disabled = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() {
    breaker.setPolicy(policyWith(new CallBudgets.Breaker(2, 600)));
    breaker.setInstaller(recordingInstaller());
  }

  @AfterEach
  void tearDown() {
    breaker.deactivate();
  }

  private static Event invoked(String plugin, String error, String step) {
    return new Event(CircuitBreaker.INVOKED_TOPIC, Map.of(
        "plugin", Map.of("id", plugin, "version", "1.0.0", "bundle", "b"), "outcome", "error", "error", error, "failed_step", step));
  }

  private static Event lifecycle(String plugin, String kind) {
    return new Event(CircuitBreaker.LIFECYCLE_TOPIC, Map.of("plugin", Map.of("id", plugin), "kind", kind));
  }

  @Test
  void secondOverrunWithinTheWindowDisablesThePluginWithTheFigures() throws Exception {
    breaker.handleEvent(invoked("spins-cpu", "budget_exceeded", "execution"));
    breaker.handleEvent(invoked("spins-cpu", "tool_timeout", "execution"));

    List<Object> call = disabled.poll(10, TimeUnit.SECONDS);
    assertThat(call).containsExactly("spins-cpu", "gateway:circuit_breaker", "circuit_open",
        Map.of("overruns", 2, "window_seconds", 600L, "last", "tool_timeout"));
  }

  @Test
  void refusalsBeforeTheCallRanAndOtherPluginsOverrunsDoNotCount() throws Exception {
    breaker.handleEvent(invoked("a", "budget_exceeded", "execution"));
    breaker.handleEvent(invoked("a", "plugin_busy", "execution"));
    breaker.handleEvent(invoked("a", "tool_timeout", "redaction"));
    breaker.handleEvent(invoked("b", "budget_exceeded", "execution"));

    // the breaker's own thread runs one disable after another: a disable of c proves none came before it
    breaker.handleEvent(invoked("c", "budget_exceeded", "execution"));
    breaker.handleEvent(invoked("c", "budget_exceeded", "execution"));
    assertThat(disabled.poll(10, TimeUnit.SECONDS)).first().isEqualTo("c");
    assertThat(disabled).isEmpty();
  }

  @Test
  void anOperatorsEnableStartsTheCountAfresh() throws Exception {
    breaker.handleEvent(invoked("a", "budget_exceeded", "execution"));
    breaker.handleEvent(lifecycle("a", "enabled"));
    breaker.handleEvent(invoked("a", "budget_exceeded", "execution"));
    breaker.handleEvent(invoked("c", "budget_exceeded", "execution"));
    breaker.handleEvent(invoked("c", "budget_exceeded", "execution"));

    assertThat(disabled.poll(10, TimeUnit.SECONDS)).first().isEqualTo("c");
    assertThat(disabled).isEmpty();
  }

  private PluginInstaller recordingInstaller() {
    return new PluginInstaller() {
      @Override
      public Map<String, Object> disable(String id, String actor, String reason, Map<String, Object> facts) {
        disabled.add(List.of(id, actor, reason, Map.copyOf(facts)));
        return Map.of();
      }

      @Override
      public Map<String, Object> install(InstallRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Object> upgrade(String id, Optional<String> version, List<String> grants, Optional<String> approvalId, String actor) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Object> uninstall(String id, boolean purge, String actor) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Object> enable(String id, Optional<String> approvalId, String actor) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Object> disable(String id, String actor) {
        throw new UnsupportedOperationException("the breaker says why it disables");
      }

      @Override
      public Map<String, Object> grant(String id, List<String> permissions, String actor) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Object> revoke(String id, List<String> permissions, String actor) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Map<String, Object>> search(String text) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<Map<String, Object>> info(String id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Map<String, Object>> verify() {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static ToolPolicy policyWith(CallBudgets.Breaker breaker) {
    return new ToolPolicy() {
      @Override
      public PolicyDecision decide(ToolDescriptor tool, String agent) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId) {
        return Optional.empty();
      }

      @Override
      public String snapshotId() {
        return "test";
      }

      @Override
      public CallBudgets budgets() {
        return new CallBudgets(CallBudgets.DEFAULT.defaults(), Map.of(), breaker);
      }
    };
  }
}
