package ai.tyrum.gateway.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Times an operation until a condition holds, polling every 100 µs, so the poll adds at most 0.1 ms. */
public final class Polling {
  private static final long POLL_NANOS = 100_000;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private Polling() {}

  /** An operation that may throw. */
  public interface Action {
    void run() throws Exception;
  }

  /** Microseconds from the start of {@code action} until {@code done} holds. */
  public static long timed(Action action, BooleanSupplier done, String what) {
    long start = System.nanoTime();
    try {
      action.run();
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed: " + e, e);
    }
    await(done, what);
    return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
  }

  /** Waits until {@code done} holds; fails after 30 s. */
  public static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(what + ": not done within 30 s");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
