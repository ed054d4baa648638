package ai.tyrum.gateway.itest;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition by polling it until a deadline, never for a fixed time: a test is as fast as the
 * framework it drives and fails with what it waited for when the deadline passes.
 *
 * <p>The deadline only bounds a hang; a test never asserts how long something took.
 */
public final class Await {

  /** Long enough for a loaded 2-core CI machine; reached only when something is broken. */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private static final long POLL_MILLIS = 10;

  private Await() {}

  /**
   * Returns once {@code condition} answers true. An exception from {@code condition} counts as "not yet"
   * and is reported as the cause if the deadline passes.
   *
   * @param what the condition in words, for the failure message: "echo is loaded"
   * @throws AssertionError when {@code condition} does not hold within {@link #DEADLINE}
   */
  public static void until(String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
        last = null;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        AssertionError failure = new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting until " + what);
        if (last != null) {
          failure.initCause(last);
        }
        throw failure;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
