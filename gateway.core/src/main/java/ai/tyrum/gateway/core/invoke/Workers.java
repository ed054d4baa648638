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

  /** Stops the workers: idle ones end, and running ones are interrupted. */
  void shutdown() {
    stopped = true;
    for (Worker worker : all) {
      worker.thread.interrupt();
      LockSupport.unpark(worker.thread);
    }
  }

  private final class Worker implements Runnable {

    final Thread thread;
    volatile Runnable next;
    volatile boolean parking;

    Worker() {
      thread = new Thread(this, "tyrum-tool-" + count.incrementAndGet());
      thread.setDaemon(true);
      // not the loader of whichever caller made it: a plugin's loader would mark it as the plugin's
      thread.setContextClassLoader(Workers.class.getClassLoader());
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
          parking = true;
          if (next == null) {
            LockSupport.parkNanos(this, IDLE_NANOS - idleFor + 1);
          }
          parking = false;
        }
      }
    }
  }
}
