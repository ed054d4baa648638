package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.ToolService;
import ai.tyrum.gateway.spi.CallBudgets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Step 4 of the call path (DESIGN section 4): runs a plugin tool on a worker thread while its caller
 * waits with the deadline, so the caller is answered at the deadline whatever the plugin does: a tool
 * that ignores its interrupt, parks uninterruptibly or spins gets {@code tool_timeout} on time, and
 * never holds the caller's thread (an HTTP server thread, a shell session) beyond it.
 *
 * <p>Two bounds; neither makes a call wait behind a stuck one:
 *
 * <ul>
 *   <li>at most {@code limit} calls of all plugins run at once within their deadlines; a call waits
 *       for a free slot until its deadline, then is refused as {@code overloaded};
 *   <li>at most {@code perPlugin} calls of one plugin hold a worker at once, counting the calls that
 *       overran their deadline and still run (Java 17 cannot stop a thread). A call beyond that is
 *       refused at once as {@code plugin_busy}: a plugin whose calls hang takes at most this many
 *       threads, and no slot of the other plugins. An overrun gives its global slot back at the
 *       deadline, and is logged then and when it ends, naming the plugin, the tool and how long.
 * </ul>
 *
 * <p>And a budget per call (the policy's {@code budgets:}): the CPU time and the bytes allocated on the
 * worker while the call runs, read by the {@link BudgetWatch} every few milliseconds and once more when
 * the call ends. A call past either is given up as a call past its deadline is, answered
 * {@code budget_exceeded} at once, and its thread counts against the plugin's calls until it ends. What
 * the budgets cannot see: threads the plugin starts itself, memory it keeps, and a thread that ignores
 * its interrupt, which Java cannot stop, so it runs on (and is reported once the plugin stops).
 *
 * <p>Why a worker for every call, rather than running a tool of a plugin that only computes on the
 * caller's thread as earlier versions did: no caller-thread design answers at the deadline once the
 * plugin ignores its interrupt, and that was the hole. The price is two thread hand-offs. Neither side
 * parks at once ({@link Workers}, {@link #SPIN_NANOS}), so calls that follow one another pay no
 * wake-up of a parked thread, only the hand-offs themselves (see docs/benchmarks.md).
 */
final class ToolExecutor {

  private static final System.Logger LOG = System.getLogger(ToolExecutor.class.getName());

  /**
   * How long a caller waits for the answer before it parks, yielding its processor meanwhile (see
   * {@link Workers#SPIN_NANOS}): about one wake-up of a parked thread on a virtual machine, so a tool
   * that answers in microseconds costs no second wake-up.
   */
  static final long SPIN_NANOS = 20_000;
  private static final long MIB = 1024 * 1024;

  private final Semaphore permits;
  private final int perPlugin;
  /** Per plugin id: the workers its calls may hold, overrunning calls included. */
  private final ConcurrentHashMap<String, Semaphore> pluginPermits = new ConcurrentHashMap<>();
  private final Workers workers = new Workers();
  /** Present when calls are held to their budgets. */
  private final Optional<BudgetWatch> watch;

  /** An executor that holds every call to its budget. */
  ToolExecutor(int limit, int perPlugin) {
    this(limit, perPlugin, true);
  }

  /**
   * @param limit calls of all plugins running at once within their deadlines
   * @param perPlugin calls of one plugin holding a worker at once, overrunning ones included
   * @param metered whether calls are held to their budgets
   */
  ToolExecutor(int limit, int perPlugin, boolean metered) {
    if (limit < 1 || perPlugin < 1) {
      throw new IllegalArgumentException("limits must be positive: " + limit + ", " + perPlugin);
    }
    this.permits = new Semaphore(limit);
    this.perPlugin = perPlugin;
    this.watch = metered ? Optional.of(new BudgetWatch()) : Optional.empty();
  }

  void shutdown() {
    workers.shutdown();
    watch.ifPresent(BudgetWatch::stop);
  }

  /** The workers the calls of plugin {@code pluginId} hold now, overrunning calls included. */
  int held(String pluginId) {
    Semaphore own = pluginPermits.get(pluginId);
    return own == null ? 0 : perPlugin - own.availablePermits();
  }

  /**
   * Runs {@code call} on {@code tool} and returns its result, or fails at the deadline {@code timeoutMs}
   * from now, which covers the wait for a free slot too.
   *
   * @throws ToolCallException {@code plugin_busy}, {@code overloaded}, {@code tool_timeout},
   *     {@code interrupted} or {@code plugin_error}
   */
  ToolResult run(BoundTool tool, ToolCall call, long timeoutMs) {
    return run(tool, call, timeoutMs, CallBudgets.DEFAULT.defaults());
  }

  /** As {@link #run(BoundTool, ToolCall, long)}, under {@code budget}. */
  ToolResult run(BoundTool tool, ToolCall call, long timeoutMs, CallBudgets.Budget budget) {
    return run(tool, call, timeoutMs, new ActiveCall(tool.plugin().id(), tool.toolId(), call.agent()), budget);
  }

  /**
   * As {@link #run(BoundTool, ToolCall, long)}, under {@code budget}, with {@code active} bound to the
   * worker while the plugin runs.
   *
   * @throws ToolCallException also {@code budget_exceeded} ({@link BudgetExceededException})
   */
  ToolResult run(BoundTool tool, ToolCall call, long timeoutMs, ActiveCall active, CallBudgets.Budget budget) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    String pluginId = tool.plugin().id();
    Semaphore own = pluginPermits.computeIfAbsent(pluginId, id -> new Semaphore(perPlugin));
    if (!own.tryAcquire()) {
      // not queued: the calls that hold them may never end
      throw new ToolCallException(
          "plugin_busy", 503, "plugin " + pluginId + " already has " + perPlugin + " calls running or overrunning"
              + " their deadline (tyrum.calls max.calls.per.plugin); retry later", List.of(pluginId));
    }
    Call running = null;
    try {
      acquireSlot(timeoutMs);
      running = new Call(tool, call, active, own, deadline, timeoutMs, budget);
      try {
        workers.execute(running);
      } catch (RejectedExecutionException e) {
        permits.release();
        running = null;
        throw new ToolCallException("overloaded", 503, "the gateway is stopping; retry later", List.of());
      }
      return running.await();
    } finally {
      if (running == null) {
        own.release();
      }
    }
  }

  private void acquireSlot(long timeoutMs) {
    try {
      if (!permits.tryAcquire() && !permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new ToolCallException("overloaded", 503, "too many tool calls are running; retry later", List.of());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolCallException("interrupted", 503, "the call was interrupted", List.of());
    }
  }

  /**
   * One call, handed from its caller to a worker. Its state decides who gives the slots back: the
   * worker when the call ends in time; the caller when it cancels a call that never started, or gives
   * up on one at the deadline, in which case the worker gives the plugin's slot back when the call
   * finally ends. An interrupt the caller sends never outlives the call it was meant for. The budget
   * watch gives a running call up as the caller does at the deadline, and wakes the caller to answer.
   */
  private final class Call implements Runnable, BudgetWatch.Metered {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;
    private static final int INTERRUPTING = 4;
    private static final int OVERRAN = 5;

    private final BoundTool tool;
    private final ToolCall call;
    private final ActiveCall active;
    private final Semaphore own;
    private final long deadline;
    private final long timeoutMs;
    private final CallBudgets.Budget budget;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final Thread caller = Thread.currentThread();
    private volatile Thread worker;
    // published by the write of DONE to state
    private ToolResult result;
    private Throwable failure;
    // the worker's counters when the call started; published to the watch by watch()
    private long workerId;
    private long startedAt;
    private long cpuStart;
    private long allocStart;
    // published by the write of OVERRAN to state
    private BudgetExceededException overrun;
    private long gaveUpAt;
    private String gaveUpFor;

    Call(BoundTool tool, ToolCall call, ActiveCall active, Semaphore own, long deadline, long timeoutMs, CallBudgets.Budget budget) {
      this.tool = tool;
      this.call = call;
      this.active = active;
      this.own = own;
      this.deadline = deadline;
      this.timeoutMs = timeoutMs;
      this.budget = budget;
    }

    @Override
    public void run() {
      worker = Thread.currentThread();
      if (!state.compareAndSet(NEW, RUNNING)) {
        return; // the caller gave up before a worker was free, and gave the slots back
      }
      watch.ifPresent(w -> {
        workerId = worker.getId();
        startedAt = System.nanoTime();
        cpuStart = ThreadMeter.cpuNanosHere();
        allocStart = ThreadMeter.allocatedBytesHere();
        w.watch(this);
      });
      try {
        result = invokeAsPlugin(tool, call, active);
      } catch (Throwable e) { // a plugin's failure is an answer too
        failure = e;
      }
      if (watch.isPresent()) {
        watch.get().unwatch(this);
        // the exact figures: a call that crossed its budget since the watch last looked fails all the same
        Optional<BudgetExceededException> over = state.get() == RUNNING ? overBudgetHere() : Optional.empty();
        if (over.isPresent()) {
          result = null;
          failure = over.get();
          LOG.log(System.Logger.Level.WARNING, "tool " + tool.toolId() + " of plugin " + tool.plugin().id() + ": "
              + over.get().getMessage());
        }
      }
      if (state.compareAndSet(RUNNING, DONE)) {
        permits.release();
        own.release();
        LockSupport.unpark(caller);
        return;
      }
      while (state.get() == INTERRUPTING) {
        Thread.onSpinWait(); // the caller is between its two steps, which take nanoseconds
      }
      Thread.interrupted(); // meant for this call, not for the worker's next one
      own.release();
      long lateMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - gaveUpAt);
      LOG.log(System.Logger.Level.WARNING, "tool " + tool.toolId() + " of plugin " + tool.plugin().id()
          + " ended " + lateMs + " ms after it was given up " + gaveUpFor);
    }

    /** The budget watch's look at the running call: gives it up once it is past its budget. */
    @Override
    public void check() {
      if (state.get() != RUNNING) {
        return;
      }
      Optional<BudgetExceededException> over = overBudget();
      if (over.isPresent() && state.compareAndSet(RUNNING, INTERRUPTING)) {
        overrun = over.get();
        gaveUpAt = System.nanoTime();
        gaveUpFor = "past its budget (" + overrun.details().get(0) + ")";
        worker.interrupt();
        state.set(OVERRAN);
        permits.release();
        LockSupport.unpark(caller);
        // Java cannot stop a thread that ignores its interrupt: such a call runs on, holding a worker
        LOG.log(System.Logger.Level.WARNING, "tool " + tool.toolId() + " of plugin " + tool.plugin().id() + ": "
            + overrun.getMessage() + "; its thread counts against the plugin's " + perPlugin + " calls until it ends");
      }
    }

    /** The budget the worker has spent past since the call started, if any; read on any thread. */
    private Optional<BudgetExceededException> overBudget() {
      return overBudget(ThreadMeter.cpuNanos(workerId), ThreadMeter.allocatedBytes(workerId));
    }

    /**
     * As {@link #overBudget()}, read on the worker itself, which needs no lookup by thread id. A thread's
     * CPU time never exceeds the time it has existed, so a call that has run no longer than its CPU
     * budget is not read for CPU: most calls then cost one clock read rather than two.
     */
    private Optional<BudgetExceededException> overBudgetHere() {
      boolean couldExceed = System.nanoTime() - startedAt > TimeUnit.MILLISECONDS.toNanos(budget.cpuMs());
      return overBudget(couldExceed ? ThreadMeter.cpuNanosHere() : -1, ThreadMeter.allocatedBytesHere());
    }

    private Optional<BudgetExceededException> overBudget(long cpu, long allocated) {
      if (cpu >= 0 && cpuStart >= 0 && cpu - cpuStart > TimeUnit.MILLISECONDS.toNanos(budget.cpuMs())) {
        return Optional.of(new BudgetExceededException("cpu_ms", budget.cpuMs(), ceilDiv(cpu - cpuStart, 1_000_000)));
      }
      if (allocated >= 0 && allocStart >= 0 && allocated - allocStart > budget.allocMb() * MIB) {
        return Optional.of(new BudgetExceededException("alloc_mb", budget.allocMb(), ceilDiv(allocated - allocStart, MIB)));
      }
      return Optional.empty();
    }

    /** Waits for the answer until the deadline; then the call is given up and the caller answered. */
    ToolResult await() {
      long spinUntil = Math.min(System.nanoTime() + SPIN_NANOS, deadline);
      for (int s = state.get(); s == NEW || s == RUNNING || s == INTERRUPTING; s = state.get()) {
        long now = System.nanoTime();
        if (s == INTERRUPTING) {
          Thread.onSpinWait(); // the budget watch is between its two steps
        } else if (now - deadline >= 0) {
          if (abandon()) {
            throw timeout();
          }
        } else if (now - spinUntil < 0) {
          Thread.yield();
        } else {
          LockSupport.parkNanos(this, deadline - now);
          if (Thread.interrupted()) {
            if (abandon()) {
              Thread.currentThread().interrupt();
              throw new ToolCallException("interrupted", 503, "the call was interrupted", List.of());
            }
            Thread.currentThread().interrupt(); // the answer came first; the caller keeps its interrupt
          }
        }
      }
      if (state.get() == OVERRAN) {
        throw overrun; // only the budget watch gives a call up while its caller waits
      }
      if (failure instanceof VirtualMachineError error && !(failure instanceof StackOverflowError)) {
        throw error; // the JVM is in trouble, not the plugin
      }
      if (failure != null) {
        throw failure(failure);
      }
      if (result == null) {
        throw new ToolCallException("plugin_error", 502, "the plugin returned no result", List.of());
      }
      return result;
    }

    /** Gives the call up: false if it ended in time after all. */
    private boolean abandon() {
      if (state.compareAndSet(NEW, CANCELLED)) {
        permits.release();
        own.release();
        return true;
      }
      if (state.compareAndSet(RUNNING, INTERRUPTING)) {
        gaveUpAt = System.nanoTime();
        gaveUpFor = "at its deadline of " + timeoutMs + " ms";
        worker.interrupt();
        state.set(OVERRAN);
        permits.release();
        LOG.log(System.Logger.Level.WARNING, "tool " + tool.toolId() + " of plugin " + tool.plugin().id()
            + " overran its deadline of " + timeoutMs + " ms and was interrupted; its thread counts against the"
            + " plugin's " + perPlugin + " calls until it ends");
        return true;
      }
      return false;
    }

    private ToolCallException timeout() {
      return new ToolCallException("tool_timeout", 504, "the tool did not answer within " + timeoutMs + " ms", List.of());
    }
  }

  /**
   * Calls the tool with the plugin's class loader as the thread's context class loader: libraries
   * inside a plugin that look classes up through it (ServiceLoader, for one) find the plugin's, and
   * threads the tool starts inherit it, which is how the gateway finds them again once the plugin
   * has stopped (see {@code LeftoverThreads}). The host services find the call through {@code active}.
   * The worker keeps that loader after the call until it parks ({@link Workers}): not restoring it per
   * call is what spares hardened mode a permission check per set. A plugin that sets another context
   * class loader itself (which hardened mode does not let it) finds that one again at its next call on
   * the same worker; another plugin's call never does.
   */
  private static ToolResult invokeAsPlugin(BoundTool tool, ToolCall call, ActiveCall active) {
    Tool service;
    try {
      service = tool.service().get();
    } catch (ToolService.Unavailable e) {
      throw new ToolCallException("tool_unavailable", 503, e.getMessage(), List.of());
    }
    Workers.useContextLoader(tool.service().loader());
    return active.bind(() -> service.invoke(call));
  }

  private static long ceilDiv(long value, long unit) {
    return -Math.floorDiv(-value, unit);
  }

  private static ToolCallException failure(Throwable cause) {
    if (cause instanceof ToolCallException refused) {
      return refused;
    }
    if (cause instanceof PluginException failure) {
      return new ToolCallException(
          "plugin_error", 502, "the plugin reported " + failure.code() + ": " + failure.getMessage(), List.of(failure.code()));
    }
    // other plugin exceptions may carry internals: report the type only
    return new ToolCallException(
        "plugin_error", 502, "the plugin failed with " + cause.getClass().getSimpleName(), List.of());
  }
}
