package ai.tyrum.gateway.core.invoke;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that holds the running tool calls to their budgets: every {@link #PERIOD_NANOS} it has each
 * call read its worker's counters ({@link ThreadMeter}) and give itself up once past its budget, so a
 * runaway call is stopped within a period of crossing it rather than at its deadline. A tick costs one
 * read of two counters per running call, and nothing per plugin; with no call running the thread parks
 * after {@link #IDLE_NANOS} and the next call wakes it.
 */
final class BudgetWatch {

  /** A running call, measured against its budget. */
  interface Metered {
    /** Reads the call's figures now and gives the call up if it is past its budget. */
    void check();
  }

  /** How often the running calls are read: a runaway call overshoots its budget by about this much CPU. */
  static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  /** How long the thread keeps ticking with no call running, so that calls in a row never wake it. */
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Set<Metered> running = ConcurrentHashMap.newKeySet();
  private final Thread thread = new Thread(this::run, "tyrum-budget-watch");
  private volatile boolean parked;
  private volatile boolean stopped;

  BudgetWatch() {
    thread.setDaemon(true);
    thread.setContextClassLoader(BudgetWatch.class.getClassLoader());
    thread.start();
  }

  void watch(Metered call) {
    running.add(call);
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  void unwatch(Metered call) {
    running.remove(call);
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    long idleSince = System.nanoTime();
    while (!stopped) {
      if (!running.isEmpty()) {
        for (Metered call : running) {
          check(call);
        }
        idleSince = System.nanoTime();
        LockSupport.parkNanos(this, PERIOD_NANOS);
      } else if (System.nanoTime() - idleSince < IDLE_NANOS) {
        LockSupport.parkNanos(this, PERIOD_NANOS);
      } else {
        parked = true;
        if (running.isEmpty() && !stopped) { // read after parked is set: a call added since has seen it set
          LockSupport.parkNanos(this, IDLE_NANOS);
        }
        parked = false;
        idleSince = System.nanoTime();
      }
    }
  }

  private static void check(Metered call) {
    try {
      call.check();
    } catch (RuntimeException e) { // one call's failure must not leave the others unwatched
      System.getLogger(BudgetWatch.class.getName()).log(System.Logger.Level.ERROR, "budget check failed", e);
    }
  }
}
