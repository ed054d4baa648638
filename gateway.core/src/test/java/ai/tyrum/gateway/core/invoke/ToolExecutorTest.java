package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.spi.Permission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.TestRegistry;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Step 4: where a call runs, its deadline, and what a plugin that overruns it costs. */
class ToolExecutorTest {

  private static final String ANY_OBJECT =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}";
  private static final GatewayEvents EVENTS = (type, payload) -> 0;

  private final ToolExecutor executor = new ToolExecutor(4);
  private final AtomicBoolean release = new AtomicBoolean();

  @AfterEach
  void tearDown() {
    release.set(true);
    executor.shutdown();
    Thread.interrupted();
  }

  private static TestRegistry plugin(String id, List<PermissionDecl> permissions) {
    return new TestRegistry(EVENTS, id, ANY_OBJECT, ANY_OBJECT, List.of(TestRegistry.tool("t", "read_only")), permissions);
  }

  private static BoundTool tool(TestRegistry plugin) {
    return plugin.registry.tools().iterator().next();
  }

  private ToolResult run(BoundTool tool, long timeoutMs) {
    return executor.run(tool, new ToolCall(tool.toolId(), "default", Map.of()), timeoutMs);
  }

  private static void failsWith(String code, Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /** A tool that neither answers nor reacts to interrupts until the test ends. */
  private void ignoresInterrupts(TestRegistry plugin, AtomicReference<Thread> ranOn) {
    plugin.serve("t", call -> {
      ranOn.set(Thread.currentThread());
      while (!release.get()) {
        Thread.onSpinWait();
      }
      return ToolResult.of(Map.of("late", true));
    });
  }

  /** The only slot of an executor, held by a call that runs until {@link #close}. */
  private static final class HeldSlot implements AutoCloseable {
    final BoundTool tool;
    final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread holder;

    HeldSlot(ToolExecutor single) throws InterruptedException {
      TestRegistry plugin = plugin("calc", List.of());
      CountDownLatch running = new CountDownLatch(1);
      plugin.serve("t", call -> {
        calls.incrementAndGet();
        running.countDown();
        try {
          done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ToolResult.of(Map.of());
      });
      tool = tool(plugin);
      holder = new Thread(() -> single.run(tool, new ToolCall(tool.toolId(), "default", Map.of()), 30_000));
      holder.start();
      running.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      done.countDown();
      holder.join(10_000);
    }
  }

  @Test
  void toolOfAPluginThatOnlyComputesRunsOnTheCallersThread() {
    TestRegistry plugin = plugin("calc", List.of());
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    plugin.serve("t", call -> {
      ranOn.set(Thread.currentThread());
      return ToolResult.of(Map.of("ok", true));
    });
    assertThat(run(tool(plugin), 1000).output()).containsEntry("ok", true);
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void toolOfAPluginThatReachesOutsideRunsOnThePool() {
    for (Permission permission : List.of(Permission.values()).stream().filter(Permission::reachesOutside).toList()) {
      TestRegistry plugin = plugin("io", List.of(new PermissionDecl(permission, "x", "why")));
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      plugin.serve("t", call -> {
        ranOn.set(Thread.currentThread());
        return ToolResult.of(Map.of());
      });
      run(tool(plugin), 1000);
      assertThat(ranOn.get().getName()).as(permission.id()).startsWith("tyrum-tool-");
    }
  }

  @Test
  void pooledCallerIsAnsweredAtTheDeadlineEvenIfThePluginIgnoresItsInterrupt() {
    TestRegistry plugin = plugin("io", List.of(new PermissionDecl(Permission.NETWORK_EGRESS, "example.org:443", "why")));
    ignoresInterrupts(plugin, new AtomicReference<>());
    failsWith("tool_timeout", () -> run(tool(plugin), 50));
  }

  @Test
  void inlineCallPastItsDeadlineIsInterruptedAndReportsTimeoutWhateverItReturns() throws Exception {
    TestRegistry plugin = plugin("calc", List.of());
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    plugin.serve("t", call -> {
      try {
        never.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return ToolResult.of(Map.of("answer", "after the deadline"));
    });
    failsWith("tool_timeout", () -> run(tool(plugin), 30));
    assertThat(interrupted).isTrue();
    // the watchdog's interrupt was meant for the plugin, not for whatever the caller does next
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void pluginThatOverranADeadlineOnTheCallersThreadRunsOnThePoolFromThenOn() throws Exception {
    TestRegistry plugin = plugin("calc", List.of());
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    plugin.serve("t", call -> {
      ranOn.set(Thread.currentThread());
      // returns only once interrupted, and without ending early because of it: an overrun, not a hang
      while (!Thread.currentThread().isInterrupted() && !release.get()) {
        Thread.onSpinWait();
      }
      return ToolResult.of(Map.of());
    });
    BoundTool tool = tool(plugin);
    assertThat(executor.isolated(tool)).isFalse();
    failsWith("tool_timeout", () -> run(tool, 20));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(executor.isolated(tool)).isTrue();
    failsWith("tool_timeout", () -> run(tool, 20));
    assertThat(ranOn.get().getName()).startsWith("tyrum-tool-");
  }

  @Test
  void callsBeyondTheLimitAreRefusedAsOverloaded() throws Exception {
    TestRegistry plugin = plugin("io", List.of(new PermissionDecl(Permission.DB, "plugin", "why")));
    AtomicInteger held = new AtomicInteger();
    plugin.serve("t", call -> {
      held.incrementAndGet();
      while (!release.get()) {
        Thread.onSpinWait();
      }
      return ToolResult.of(Map.of("late", true));
    });
    BoundTool tool = tool(plugin);
    // each timed-out call that reached the plugin leaves a worker held by it; eight (twice the limit)
    // fill the pool. On a busy machine a call can time out before its worker starts it, which frees
    // that worker again, so count the workers the plugin holds rather than the calls made.
    for (int calls = 0; held.get() < 8 && calls < 1000; calls++) {
      assertThatThrownBy(() -> run(tool, 20))
          .isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isIn("tool_timeout", "overloaded"));
    }
    assertThat(held.get()).isEqualTo(8);
    failsWith("overloaded", () -> run(tool, 20));
  }

  @Test
  void callThatFindsNoFreeSlotBeforeItsDeadlineIsRefusedAsOverloaded() throws Exception {
    ToolExecutor single = new ToolExecutor(1);
    try {
      try (HeldSlot held = new HeldSlot(single)) {
        assertThatThrownBy(() -> single.run(held.tool, new ToolCall(held.tool.toolId(), "default", Map.of()), 50))
            .isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo("overloaded"));
      }
    } finally {
      single.shutdown();
    }
  }

  @Test
  void callInterruptedWhileWaitingForASlotIsRefusedAsInterruptedAndKeepsItsInterrupt() throws Exception {
    ToolExecutor single = new ToolExecutor(1);
    try {
      try (HeldSlot held = new HeldSlot(single)) {
        BoundTool tool = held.tool;
        AtomicReference<Throwable> refused = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
          try {
            single.run(tool, new ToolCall(tool.toolId(), "default", Map.of()), 30_000);
          } catch (ToolCallException e) {
            refused.set(e);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
          }
        });
        waiter.start();
        for (int waited = 0; waiter.getState() != Thread.State.TIMED_WAITING && waited < 1000; waited++) {
          Thread.sleep(10); // until the second call waits for the only slot
        }
        waiter.interrupt();
        waiter.join(10_000);
        assertThat(refused.get()).isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo("interrupted"));
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(held.calls.get()).isEqualTo(1); // the interrupted call never reached the plugin
      }
    } finally {
      single.shutdown();
    }
  }

  @Test
  void callStuckOnItsCallersThreadPastItsDeadlineGivesItsSlotBack() throws Exception {
    ToolExecutor single = new ToolExecutor(1);
    try {
      TestRegistry stuck = plugin("stuck", List.of());
      ignoresInterrupts(stuck, new AtomicReference<>());
      BoundTool stuckTool = tool(stuck);
      Thread caller = new Thread(() -> {
        try {
          single.run(stuckTool, new ToolCall(stuckTool.toolId(), "default", Map.of()), 30);
        } catch (ToolCallException expected) {
          // tool_timeout, once the test releases the plugin
        }
      });
      caller.start();
      for (int waited = 0; !single.isolated(stuckTool) && waited < 1000; waited++) {
        Thread.sleep(10); // until the watchdog has expired the call
      }
      assertThat(single.isolated(stuckTool)).isTrue();
      TestRegistry calc = plugin("calc", List.of());
      calc.serve("t", call -> ToolResult.of(Map.of("ok", true)));
      BoundTool calcTool = tool(calc);
      // the only slot is free again although the stuck call's thread is still inside the plugin
      assertThat(single.run(calcTool, new ToolCall(calcTool.toolId(), "default", Map.of()), 1000).output())
          .containsEntry("ok", true);
      assertThat(caller.isAlive()).isTrue();
      release.set(true);
      caller.join(10_000);
    } finally {
      single.shutdown();
    }
  }

  @Test
  void pluginRunsWithItsOwnContextClassLoaderOnEitherPathAndTheCallersIsRestored() throws Exception {
    ClassLoader callers = new java.net.URLClassLoader(new java.net.URL[0], null);
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(callers);
    try {
      for (List<PermissionDecl> permissions : List.of(List.<PermissionDecl>of(), List.of(new PermissionDecl(Permission.DB, "plugin", "why")))) {
        TestRegistry plugin = plugin("p", permissions);
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        ai.tyrum.gateway.api.Tool tool = call -> {
          seen.set(Thread.currentThread().getContextClassLoader());
          return ToolResult.of(Map.of());
        };
        plugin.serve("t", tool);
        run(tool(plugin), 1000);
        assertThat(seen.get()).as("permissions %s", permissions).isSameAs(tool.getClass().getClassLoader());
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
      }
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  @Test
  void pluginErrorsOfEveryKindBecomeStructuredErrors() {
    TestRegistry plugin = plugin("calc", List.of());
    plugin.serve("t", call -> {
      throw new NoClassDefFoundError("org/example/Gone");
    });
    assertThatThrownBy(() -> run(tool(plugin), 1000))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("plugin_error");
          assertThat(e.getMessage()).contains("NoClassDefFoundError").doesNotContain("org/example");
        });
    plugin.serve("t", call -> null);
    failsWith("plugin_error", () -> run(tool(plugin), 1000));
  }
}
