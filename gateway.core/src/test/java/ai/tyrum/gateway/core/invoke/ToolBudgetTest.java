package ai.tyrum.gateway.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.TestRegistry;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Step 4's budgets: a call past its CPU or allocation budget is given up as budget_exceeded. */
class ToolBudgetTest {

  private static final String ANY_OBJECT =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}";
  private static final GatewayEvents EVENTS = (type, payload) -> 0;
  /** Far beyond any budget here: only a budget answers these calls. */
  private static final long DEADLINE_MS = 60_000;
  private static final CallBudgets.Budget SMALL = new CallBudgets.Budget(50, 16);

  private final ToolExecutor executor = new ToolExecutor(4, 2);
  private final AtomicBoolean release = new AtomicBoolean();

  @AfterEach
  void tearDown() {
    release.set(true);
    executor.shutdown();
  }

  private static BoundTool serving(String id, Tool service) {
    TestRegistry plugin = new TestRegistry(
        EVENTS, id, ANY_OBJECT, ANY_OBJECT, List.of(TestRegistry.tool("t", "read_only")), List.<PermissionDecl>of());
    plugin.serve("t", service);
    return plugin.registry.tools().iterator().next();
  }

  private ToolResult run(ToolExecutor on, BoundTool tool, CallBudgets.Budget budget) {
    return on.run(tool, new ToolCall(tool.toolId(), "default", Map.of()), DEADLINE_MS, budget);
  }

  private BudgetExceededException exceeded(ToolExecutor on, BoundTool tool, CallBudgets.Budget budget) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> run(on, tool, budget));
    assertThat(thrown).isInstanceOf(BudgetExceededException.class);
    return (BudgetExceededException) thrown;
  }

  /** Spins until interrupted, or until the test ends. */
  private Tool spinsUntilInterrupted() {
    return call -> {
      while (!Thread.currentThread().isInterrupted() && !release.get()) {
        Thread.onSpinWait();
      }
      return ToolResult.of(Map.of("stopped", true));
    };
  }

  /** Spins until the test ends, never looking at its interrupt. */
  private Tool spinsRegardless() {
    return call -> {
      while (!release.get()) {
        Thread.onSpinWait();
      }
      return ToolResult.of(Map.of("late", true));
    };
  }

  /** Allocates and drops garbage until interrupted, or until the test ends. */
  private Tool allocatesUntilInterrupted() {
    return call -> {
      long sink = 0;
      while (!Thread.currentThread().isInterrupted() && !release.get()) {
        sink += new byte[64 * 1024].length;
      }
      return ToolResult.of(Map.of("allocated", sink));
    };
  }

  @Test
  void callPastItsCpuBudgetIsAnsweredBudgetExceededWithTheFigures() {
    BudgetExceededException e = exceeded(executor, serving("spin", spinsUntilInterrupted()), SMALL);

    assertThat(e.code()).isEqualTo("budget_exceeded");
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.details().get(0)).isEqualTo("cpu_ms");
    assertThat(e.details().get(1)).isEqualTo("limit=50");
    assertThat(e.auditFields()).containsEntry("name", "cpu_ms").containsEntry("limit", 50L);
    assertThat((Long) e.auditFields().get("used")).isGreaterThan(50L);
    assertThat(e.getMessage()).contains("budgets.cpu_ms");
  }

  @Test
  void callPastItsAllocationBudgetIsAnsweredBudgetExceededWithTheFigures() {
    CallBudgets.Budget allocation = new CallBudgets.Budget(3_600_000, 16);

    BudgetExceededException e = exceeded(executor, serving("alloc", allocatesUntilInterrupted()), allocation);

    assertThat(e.details()).startsWith("alloc_mb", "limit=16");
    assertThat((Long) e.auditFields().get("used")).isGreaterThan(16L);
  }

  @Test
  void callThatIgnoresItsInterruptKeepsItsWorkerCountedAgainstThePluginUntilItEnds() throws Exception {
    BoundTool tool = serving("stubborn", spinsRegardless());

    exceeded(executor, tool, SMALL);

    assertThat(executor.held("stubborn")).isEqualTo(1);
    release.set(true);
    for (int waited = 0; executor.held("stubborn") != 0 && waited < 1000; waited++) {
      Thread.sleep(10);
    }
    assertThat(executor.held("stubborn")).isZero();
  }

  @Test
  void callThatReturnsPastItsBudgetFailsAllTheSame() {
    // a one MiB budget; the call allocates 8 MiB and returns, likely before the watch looks: the check at
    // the end of the call catches what the watch did not
    BoundTool tool = serving("burst", call -> {
      byte[][] kept = new byte[8][];
      for (int i = 0; i < kept.length; i++) {
        kept[i] = new byte[1024 * 1024];
      }
      return ToolResult.of(Map.of("kept", kept.length));
    });
    BudgetExceededException e = exceeded(executor, tool, new CallBudgets.Budget(3_600_000, 1));
    assertThat(e.details()).startsWith("alloc_mb", "limit=1");
  }

  @Test
  void callWithinItsBudgetIsAnsweredAndTheWorkerServesTheNextCallWithAFreshCount() {
    BoundTool tool = serving("calc", call -> ToolResult.of(Map.of("ok", true)));
    for (int i = 0; i < 100; i++) {
      assertThat(run(executor, tool, SMALL).output()).containsEntry("ok", true);
    }
  }

  @Test
  void executorThatMeasuresNothingLetsARunawayCallRunToItsDeadline() {
    ToolExecutor unmetered = new ToolExecutor(4, 2, false);
    try {
      BoundTool tool = serving("spin", spinsUntilInterrupted());
      assertThatThrownBy(() -> unmetered.run(tool, new ToolCall(tool.toolId(), "default", Map.of()), 200, SMALL))
          .isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo("tool_timeout"));
    } finally {
      unmetered.shutdown();
    }
  }
}
