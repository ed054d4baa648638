package ai.tyrum.gateway.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.TestRegistry;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Step 4: every call on a worker, answered at its deadline, and what a plugin that overruns it costs. */
class ToolExecutorTest {

  private static final String ANY_OBJECT =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}";
  private static final GatewayEvents EVENTS = (type, payload) -> 0;

  private final ToolExecutor executor = new ToolExecutor(4, 2);
  private final AtomicBoolean release = new AtomicBoolean();

  @AfterEach
  void tearDown() {
    release.set(true);
    executor.shutdown();
    Thread.interrupted();
  }

  private static TestRegistry plugin(String id) {
    return new TestRegistry(EVENTS, id, ANY_OBJECT, ANY_OBJECT, List.of(TestRegistry.tool("t", "read_only")), List.<PermissionDecl>of());
  }

  private static BoundTool serving(String id, Tool service) {
    TestRegistry plugin = plugin(id);
    plugin.serve("t", service);
    return plugin.registry.tools().iterator().next();
  }

  private static ToolResult run(ToolExecutor on, BoundTool tool, long timeoutMs) {
    return on.run(tool, new ToolCall(tool.toolId(), "default", Map.of()), timeoutMs);
  }

  private ToolResult run(BoundTool tool, long timeoutMs) {
    return run(executor, tool, timeoutMs);
  }

  private static void failsWith(String code, Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /** Parks until the test ends, parking again at every interrupt. */
  private Tool ignoresInterrupts(AtomicInteger entered) {
    return call -> {
      entered.incrementAndGet();
      while (!release.get()) {
        LockSupport.parkNanos(1_000_000);
        Thread.interrupted();
      }
      return ToolResult.of(Map.of("late", true));
    };
  }

  /** Spins until the test ends, never looking at its interrupt. */
  private Tool spins() {
    return call -> {
      while (!release.get()) {
        Thread.onSpinWait();
      }
      return ToolResult.of(Map.of("late", true));
    };
  }

  private static void awaitHeld(ToolExecutor on, String pluginId, int workers) throws InterruptedException {
    for (int waited = 0; on.held(pluginId) != workers && waited < 1000; waited++) {
      Thread.sleep(10);
    }
    assertThat(on.held(pluginId)).isEqualTo(workers);
  }

  @Test
  void everyCallRunsOnAWorkerAndItsAnswerReachesTheCaller() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    BoundTool tool = serving("calc", call -> {
      ranOn.set(Thread.currentThread());
      return ToolResult.of(Map.of("ok", true));
    });
    assertThat(run(tool, 1000).output()).containsEntry("ok", true);
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(ranOn.get().getName()).startsWith("tyrum-tool-");
    assertThat(executor.held("calc")).isZero();
  }

  @Test
  void callerIsAnsweredAtTheDeadlineWhenThePluginIgnoresItsInterrupt() {
    failsWith("tool_timeout", () -> run(serving("hang", ignoresInterrupts(new AtomicInteger())), 50));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void callerIsAnsweredAtTheDeadlineWhenThePluginSpins() {
    failsWith("tool_timeout", () -> run(serving("spin", spins()), 50));
  }

  @Test
  void callPastItsDeadlineIsInterruptedAndWhatItReturnsLaterIsNoAnswer() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    BoundTool tool = serving("calc", call -> {
      try {
        never.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      ended.countDown();
      return ToolResult.of(Map.of("answer", "after the deadline"));
    });
    failsWith("tool_timeout", () -> run(tool, 30));
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).isTrue();
    awaitHeld(executor, "calc", 0);
  }

  @Test
  void interruptMeantForAnOverrunDoesNotReachTheWorkersNextCall() throws Exception {
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    BoundTool late = serving("late", call -> {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      while (System.nanoTime() < until) {
        Thread.onSpinWait(); // overruns, then returns with its interrupt still set
      }
      return ToolResult.of(Map.of());
    });
    BoundTool next = serving("next", call -> {
      sawInterrupt.set(Thread.currentThread().isInterrupted());
      return ToolResult.of(Map.of());
    });
    failsWith("tool_timeout", () -> run(late, 10));
    awaitHeld(executor, "late", 0);
    for (int i = 0; i < 20; i++) {
      run(next, 1000);
      assertThat(sawInterrupt).isFalse();
    }
  }

  @Test
  void overrunningCallsCountAgainstTheirPluginAndTheNextIsRefusedAsPluginBusy() throws Exception {
    AtomicInteger entered = new AtomicInteger();
    BoundTool stuck = serving("stuck", ignoresInterrupts(entered));
    // a call can time out before a worker takes it: count the workers the plugin holds, not the calls
    for (int calls = 0; executor.held("stuck") < 2 && calls < 100; calls++) {
      failsWith("tool_timeout", () -> run(stuck, 20));
    }
    assertThat(executor.held("stuck")).isEqualTo(2);
    assertThatThrownBy(() -> run(stuck, 20))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("plugin_busy");
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.details()).containsExactly("stuck");
        });
    int reached = entered.get();
    // the refused call never reached the plugin, and the other plugins are served at once
    assertThat(entered.get()).isEqualTo(reached);
    assertThat(run(serving("calc", call -> ToolResult.of(Map.of("ok", true))), 1000).output()).containsEntry("ok", true);
    release.set(true);
    awaitHeld(executor, "stuck", 0);
  }

  @Test
  void anOverrunGivesItsGlobalSlotBackAtTheDeadline() throws Exception {
    ToolExecutor single = new ToolExecutor(1, 1);
    try {
      BoundTool stuck = serving("stuck", ignoresInterrupts(new AtomicInteger()));
      while (single.held("stuck") == 0) {
        failsWith("tool_timeout", () -> run(single, stuck, 20));
      }
      BoundTool calc = serving("calc", call -> ToolResult.of(Map.of("ok", true)));
      assertThat(run(single, calc, 1000).output()).containsEntry("ok", true);
      failsWith("plugin_busy", () -> run(single, stuck, 20));
    } finally {
      release.set(true);
      single.shutdown();
    }
  }

  /** The only slot of an executor, held within its deadline by a call that runs until {@link #close}. */
  private static final class HeldSlot implements AutoCloseable {
    final AtomicInteger calls = new AtomicInteger();
    final BoundTool tool;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread holder;

    HeldSlot(ToolExecutor single) throws InterruptedException {
      CountDownLatch running = new CountDownLatch(1);
      tool = serving("held", call -> {
        calls.incrementAndGet();
        running.countDown();
        try {
          done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ToolResult.of(Map.of());
      });
      holder = new Thread(() -> run(single, tool, 30_000));
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
  void callThatFindsNoFreeSlotBeforeItsDeadlineIsRefusedAsOverloaded() throws Exception {
    ToolExecutor single = new ToolExecutor(1, 1);
    try (HeldSlot held = new HeldSlot(single)) {
      failsWith("overloaded", () -> run(single, serving("calc", call -> ToolResult.of(Map.of())), 50));
    } finally {
      single.shutdown();
    }
  }

  @Test
  void callInterruptedWhileWaitingForASlotIsRefusedAsInterruptedAndKeepsItsInterrupt() throws Exception {
    ToolExecutor single = new ToolExecutor(1, 2);
    try (HeldSlot held = new HeldSlot(single)) {
      AtomicReference<Throwable> refused = new AtomicReference<>();
      AtomicBoolean stillInterrupted = new AtomicBoolean();
      Thread waiter = new Thread(() -> {
        try {
          run(single, held.tool, 30_000);
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
    } finally {
      single.shutdown();
    }
  }

  @Test
  void callerInterruptedWhileItsCallRunsIsAnsweredAtOnceAndTheCallInterrupted() throws Exception {
    AtomicBoolean pluginInterrupted = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(1);
    BoundTool tool = serving("calc", call -> {
      running.countDown();
      try {
        new CountDownLatch(1).await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        pluginInterrupted.set(true);
      }
      return ToolResult.of(Map.of());
    });
    AtomicReference<Throwable> refused = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        run(tool, 30_000);
      } catch (ToolCallException e) {
        refused.set(e);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(10_000);
    assertThat(refused.get()).isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo("interrupted"));
    assertThat(stillInterrupted).isTrue();
    awaitHeld(executor, "calc", 0);
    assertThat(pluginInterrupted).isTrue();
  }

  @Test
  void pluginRunsWithItsOwnContextClassLoader() {
    AtomicReference<ClassLoader> seen = new AtomicReference<>();
    Tool service = call -> {
      seen.set(Thread.currentThread().getContextClassLoader());
      return ToolResult.of(Map.of());
    };
    run(serving("p", service), 1000);
    assertThat(seen.get()).isSameAs(service.getClass().getClassLoader());
  }

  @Test
  void pluginErrorsOfEveryKindBecomeStructuredErrors() {
    BoundTool gone = serving("calc", call -> {
      throw new NoClassDefFoundError("org/example/Gone");
    });
    assertThatThrownBy(() -> run(gone, 1000))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("plugin_error");
          assertThat(e.getMessage()).contains("NoClassDefFoundError").doesNotContain("org/example");
        });
    failsWith("plugin_error", () -> run(serving("calc", call -> null), 1000));
    assertThat(executor.held("calc")).isZero();
  }
}
