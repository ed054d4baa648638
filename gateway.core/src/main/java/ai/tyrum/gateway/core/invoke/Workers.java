package ai.tyrum.gateway.core.invoke;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads tool calls run on: as many as the calls under way need, each kept for a minute once idle.
 * It exists for the hand-off's cost. A {@code ThreadPoolExecutor}'s idle worker parks at once, so every
 * call would pay a parked thread's wake-up (several microseconds on a virtual machine, more than the rest
 * of the call path); a worker here stays awake a little after each call, so calls that follow one
 * another find it so. The workers are not bounded here: {@link ToolExecutor}'s permits bound the calls.
 *
 * <p>A worker runs each call with the plugin's class loader as its context class loader
 * ({@link #useContextLoader}), and keeps it while it stays awake, going back to its own when it parks.
 * Under a security manager (hardened mode) setting a thread's context class loader is a permission
 * check, which walks the stack and evaluates the Conditional Permission Admin table for the gateway's
 * bundle on it: setting it only when it changes spares calls that follow one another those checks.
 * Only the gateway's code runs on a worker between two calls (the budget reads, the hand-off), and none
 * of it looks anything up through the context class loader. Parking puts the worker's own back, so an
 * idle worker pins no plugin's loader and is never taken for a thread the plugin left behind
 * ({@code LeftoverThreads} looks a while after a plugin stops, by when its workers have parked).
 */
final class Workers {

  /**
   * How long an idle worker waits for the next call before it parks, yielding its processor meanwhile:
   * a busy-wait with {@code onSpinWait} measured several times slower on a loaded 2-core machine, as the
   * spinning threads took the processor from the ones they waited for.
   */
  static final long SPIN_NANOS = 50_000;
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Idle workers, the one idle the shortest first: it is the likeliest to be spinning still. */
  private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
  private final Set<Worker> all = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean stopped;

  /**
   * Runs {@code task} on an idle worker, or a new one.
   *
   * @throws RejectedExecutionException once {@link #shutdown} has been called
   */
  void execute(Runnable task) {
    if (stopped) {
      throw new RejectedExecutionException("stopped");
    }
    Worker worker = idle.pollFirst();
    if (worker == null) {
      worker = new Worker();
      worker.next = task;
      all.add(worker);
      worker.thread.start();
      return;
    }
    worker.hand(task);
  }

  /**
   * Makes {@code loader} the context class loader of the worker this is called on, setting it only when
   * it is not that already.
   *
   * @throws IllegalStateException when called on a thread that is not a worker
   */
  static void useContextLoader(ClassLoader loader) {
    if (!(Thread.currentThread() instanceof WorkerThread worker)) {
      throw new IllegalStateException("not a tool worker: " + Thread.currentThread().getName());
    }
    worker.use(loader);
  }

  /** How many workers are parked now (for tests). */
  int parked() {
    return (int) all.stream().filter(worker -> worker.parking).count();
  }

  /** Stops the workers: idle ones end, and running ones are interrupted. */
  void shutdown() {
    stopped = true;
    for (Worker worker : all) {
      worker.thread.interrupt();
      LockSupport.unpark(worker.thread);
    }
  }

  private final class Worker implements Runnable {

    final WorkerThread thread;
    volatile Runnable next;
    volatile boolean parking;

    Worker() {
      thread = new WorkerThread(this, "tyrum-tool-" + count.incrementAndGet());
      thread.setDaemon(true);
    }

    void hand(Runnable task) {
      next = task;
      if (parking) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      try {
        for (Runnable task = next; task != null; task = awaitNext()) {
          next = null;
          Thread.interrupted(); // an interrupt meant for an earlier call, or for the gateway's stop
          task.run();
          if (stopped) {
            return;
          }
          idle.offerFirst(this);
        }
      } finally {
        all.remove(this);
      }
    }

    /** The next task, or null once this worker has retired: idle too long, or stopped. */
    private Runnable awaitNext() {
      long start = System.nanoTime();
      while (true) {
        Runnable task = next;
        if (task != null) {
          return task;
        }
        long idleFor = System.nanoTime() - start;
        if (stopped || idleFor > IDLE_NANOS) {
          if (idle.removeFirstOccurrence(this)) {
            return null;
          }
          // a caller has just taken this worker and is handing it a task
          Thread.onSpinWait();
        } else if (idleFor < SPIN_NANOS) {
          Thread.yield();
        } else {
          thread.use(WorkerThread.OWN);
          parking = true;
          if (next == null) {
            LockSupport.parkNanos(this, IDLE_NANOS - idleFor + 1);
          }
          parking = false;
        }
      }
    }
  }

  /** A worker's thread, which knows the context class loader it was last given. */
  private static final class WorkerThread extends Thread {
    static final ClassLoader OWN = Workers.class.getClassLoader();

    /** Only the thread itself reads or writes it. */
    private ClassLoader context = OWN;

    WorkerThread(Runnable worker, String name) {
      super(worker, name);
      // not the loader of whichever caller made it: a plugin's loader would mark it as the plugin's
      setContextClassLoader(OWN);
    }

    void use(ClassLoader loader) {
      if (context != loader) {
        setContextClassLoader(loader);
        context = loader;
      }
    }
  }
}
