package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.registry.BoundTool;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 4 of the call path (DESIGN section 4): runs a plugin tool under a deadline, with at most
 * {@code limit} tool calls of all plugins running at once and at most {@code 2 * limit} threads. Where a call runs depends on what its
 * plugin can reach, as its manifest declares it:
 *
 * <ul>
 *   <li>A plugin that requests a permission to reach outside the process (network, files, a store,
 *       secrets) can block on the outside world in ways an interrupt does not end, such as a socket
 *       read. Its calls run on a bounded pool, and the caller gets {@code tool_timeout} at the
 *       deadline whatever the plugin does.
 *   <li>A plugin without such a permission only computes. Its calls run on the caller's thread, which
 *       saves two thread hand-offs per call (about 25 µs on a 2-vCPU VM, more than the rest of the call
 *       path; see docs/benchmarks.md). A watchdog interrupts such a call at its deadline, the call
 *       reports {@code tool_timeout} whatever it returns later, and from then on the plugin's calls
 *       run on the pool: a plugin that once overran a deadline never again holds a caller's thread.
 * </ul>
 */
final class ToolExecutor {

  /** How often the watchdog looks for calls past their deadline while any runs: a timeout's precision. */
  static final long TICK_MS = 10;

  private final Semaphore permits;
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor watchdog;
  /** Calls running on their caller's thread, which the watchdog checks. */
  private final Set<InlineCall> inline = ConcurrentHashMap.newKeySet();
  /** Whether a watchdog tick is scheduled: ticks run only while calls run on their callers' threads. */
  private final AtomicBoolean ticking = new AtomicBoolean();
  /** Plugin versions (id@version) that overran a deadline on a caller's thread. */
  private final Set<String> overran = ConcurrentHashMap.newKeySet();

  ToolExecutor(int limit) {
    permits = new Semaphore(limit);
    AtomicInteger count = new AtomicInteger();
    // Direct hand-off, no queue: the permits bound the calls, and a call never waits behind one that
    // holds a worker past its deadline. Twice the threads leave room for workers held that way.
    pool =
        new ThreadPoolExecutor(
            limit,
            2 * limit,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> daemon(r, "tyrum-tool-" + count.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    watchdog = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "tyrum-tool-watchdog"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  void shutdown() {
    watchdog.shutdownNow();
    pool.shutdownNow();
  }

  /** Whether calls of {@code tool} run on the pool rather than on the caller's thread. */
  boolean isolated(BoundTool tool) {
    return isolated(tool, pluginVersion(tool));
  }

  private boolean isolated(BoundTool tool, String pluginVersion) {
    return tool.plugin().manifest().map(m -> m.reachesOutside()).orElse(true) || overran.contains(pluginVersion);
  }

  /**
   * Runs {@code call} on {@code tool} and returns its result, or fails at the deadline {@code timeoutMs}
   * from now, which covers the wait for a free slot too.
   *
   * @throws ToolCallException {@code overloaded}, {@code tool_timeout}, {@code interrupted} or
   *     {@code plugin_error}
   */
  ToolResult run(BoundTool tool, ToolCall call, long timeoutMs) {
    // one deadline covers the wait for a slot and the call itself
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      if (!permits.tryAcquire() && !permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new ToolCallException("overloaded", 503, "too many tool calls are running; retry later", List.of());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolCallException("interrupted", 503, "the call was interrupted", List.of());
    }
    Slot slot = new Slot();
    String pluginVersion = pluginVersion(tool);
    try {
      ToolResult result = isolated(tool, pluginVersion)
          ? onPool(tool, call, deadline, timeoutMs)
          : inline(tool, call, pluginVersion, slot, deadline, timeoutMs);
      if (result == null) {
        throw new ToolCallException("plugin_error", 502, "the plugin returned no result", List.of());
      }
      return result;
    } finally {
      slot.release();
    }
  }

  /**
   * A call's share of the permits, given back once: when the call ends, or, for a call on its
   * caller's thread, at its deadline. A call past its deadline no longer counts, on the pool or not,
   * so plugins that ignore their interrupts cannot take every slot of the gateway.
   */
  private final class Slot {
    private final AtomicBoolean held = new AtomicBoolean(true);

    void release() {
      if (held.compareAndSet(true, false)) {
        permits.release();
      }
    }
  }

  private ToolResult onPool(BoundTool tool, ToolCall call, long deadline, long timeoutMs) {
    Future<ToolResult> future;
    try {
      future = pool.submit(() -> invokeAsPlugin(tool, call));
    } catch (RejectedExecutionException e) {
      // every worker is held by a call past its deadline that ignores its interrupt
      throw new ToolCallException("overloaded", 503, "too many tool calls are running; retry later", List.of());
    }
    try {
      return future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(timeoutMs);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ToolCallException("interrupted", 503, "the call was interrupted", List.of());
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  private ToolResult inline(BoundTool tool, ToolCall call, String pluginVersion, Slot slot, long deadline, long timeoutMs) {
    InlineCall running = new InlineCall(Thread.currentThread(), deadline, pluginVersion, slot);
    inline.add(running);
    if (!ticking.get() && ticking.compareAndSet(false, true)) {
      scheduleTick();
    }
    ToolResult result;
    Throwable failure = null;
    try {
      result = invokeAsPlugin(tool, call);
    } catch (Throwable e) { // as the pool's future would catch it: a plugin's failure is an answer too
      result = null;
      failure = e;
    } finally {
      inline.remove(running);
    }
    if (!running.finish()) {
      // past the deadline: whatever the plugin did after its interrupt is not an answer
      throw timeout(timeoutMs);
    }
    if (failure instanceof VirtualMachineError error && !(failure instanceof StackOverflowError)) {
      throw error; // the JVM is in trouble, not the plugin
    }
    if (failure != null) {
      throw failure(failure);
    }
    return result;
  }

  /**
   * Calls the tool with the plugin's class loader as the thread's context class loader, on either
   * path: libraries inside a plugin that look classes up through it (ServiceLoader, for one) find the
   * plugin's, and a plugin never sees the loader of whatever thread called it.
   */
  private static ToolResult invokeAsPlugin(BoundTool tool, ToolCall call) {
    Thread thread = Thread.currentThread();
    ClassLoader caller = thread.getContextClassLoader();
    thread.setContextClassLoader(tool.service().getClass().getClassLoader());
    try {
      return tool.service().invoke(call);
    } finally {
      thread.setContextClassLoader(caller);
    }
  }

  private void scheduleTick() {
    try {
      watchdog.schedule(this::tick, TICK_MS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      // the gateway is stopping: no call is left to watch
    }
  }

  /** One watchdog round; the next is scheduled while calls remain, so an idle gateway has no timer. */
  private void tick() {
    interruptOverdue();
    if (!inline.isEmpty()) {
      scheduleTick();
      return;
    }
    ticking.set(false);
    // a call that registered after the check above saw ticking still set and scheduled nothing
    if (!inline.isEmpty() && ticking.compareAndSet(false, true)) {
      scheduleTick();
    }
  }

  private void interruptOverdue() {
    long now = System.nanoTime();
    for (InlineCall call : inline) {
      if (now - call.deadline >= 0 && call.expire()) {
        call.slot.release();
        overran.add(call.pluginVersion);
      }
    }
  }

  private static ToolCallException timeout(long timeoutMs) {
    return new ToolCallException("tool_timeout", 504, "the tool did not answer within " + timeoutMs + " ms", List.of());
  }

  private static ToolCallException failure(Throwable cause) {
    if (cause instanceof PluginException failure) {
      return new ToolCallException(
          "plugin_error", 502, "the plugin reported " + failure.code() + ": " + failure.getMessage(), List.of(failure.code()));
    }
    // other plugin exceptions may carry internals: report the type only
    return new ToolCallException(
        "plugin_error", 502, "the plugin failed with " + cause.getClass().getSimpleName(), List.of());
  }

  private static String pluginVersion(BoundTool tool) {
    return tool.plugin().id() + "@" + tool.plugin().version();
  }

  /**
   * A call on its caller's thread. Exactly one of the caller ({@link #finish}) and the watchdog
   * ({@link #expire}) wins; an interrupt the watchdog sends never outlives the call it was meant for.
   */
  private static final class InlineCall {

    private static final int RUNNING = 0;
    private static final int INTERRUPTING = 1;
    private static final int EXPIRED = 2;
    private static final int DONE = 3;

    final Thread thread;
    final long deadline;
    final String pluginVersion;
    final Slot slot;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    InlineCall(Thread thread, long deadline, String pluginVersion, Slot slot) {
      this.thread = thread;
      this.deadline = deadline;
      this.pluginVersion = pluginVersion;
      this.slot = slot;
    }

    /** Called by the watchdog past the deadline: interrupts the call unless it has finished. */
    boolean expire() {
      if (!state.compareAndSet(RUNNING, INTERRUPTING)) {
        return false;
      }
      thread.interrupt();
      state.set(EXPIRED);
      return true;
    }

    /**
     * Called by the caller once the plugin returned.
     *
     * @return true if the call finished in time; false if it expired, in which case the watchdog's
     *     interrupt has been taken back from the caller's thread
     */
    boolean finish() {
      if (state.compareAndSet(RUNNING, DONE)) {
        return true;
      }
      while (state.get() == INTERRUPTING) {
        Thread.onSpinWait(); // the watchdog is between its two steps, which take nanoseconds
      }
      Thread.interrupted();
      return false;
    }
  }
}
