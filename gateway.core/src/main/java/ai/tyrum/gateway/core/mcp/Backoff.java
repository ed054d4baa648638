package ai.tyrum.gateway.core.mcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The crashes of one server: how long to wait before the next restart (doubling from the first backoff up
 * to the longest), and whether this crash is the one, within the window, that marks the server failed.
 * Not thread-safe: its server guards it.
 */
final class Backoff {

  private final Deque<Long> crashes = new ArrayDeque<>();

  /** The wait before restart number {@code restart} (1 for the first): {@code initial * 2^(restart-1)}, capped. */
  static Duration delay(int restart, Duration initial, Duration max) {
    if (restart < 1) {
      throw new IllegalArgumentException("restart counts from 1");
    }
    long millis = initial.toMillis();
    for (int i = 1; i < restart && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  /**
   * Counts a crash at {@code nanos} ({@link System#nanoTime()}) and tells whether it is the
   * {@code limit}-th within {@code window}: then the count starts afresh.
   */
  boolean crashLoop(long nanos, int limit, Duration window) {
    crashes.addLast(nanos);
    while (nanos - crashes.peekFirst() > window.toNanos()) {
      crashes.removeFirst();
    }
    if (crashes.size() >= limit) {
      crashes.clear();
      return true;
    }
    return false;
  }

  /** Forgets every crash: an operator restarted the server, or its plugin started it anew. */
  void reset() {
    crashes.clear();
  }
}
