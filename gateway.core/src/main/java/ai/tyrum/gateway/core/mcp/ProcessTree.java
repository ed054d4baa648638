package ai.tyrum.gateway.core.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends a server process and every process it started, so that no process outlives its server. */
final class ProcessTree {

  private ProcessTree() {}

  /**
   * Sends SIGTERM to {@code root} and all its descendants (listed before anything is signalled: a child
   * whose parent dies is re-parented and could no longer be found), waits up to {@code grace} for them to
   * exit, then kills what is left and waits for that. {@code known} are processes of the tree seen before.
   *
   * @return whether every process of the tree has exited
   */
  static boolean stop(ProcessHandle root, List<ProcessHandle> known, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    // those seen earlier, which a crash of their parent may have re-parented (a handle knows its start time,
    // so a pid used again by another process does not match)
    known.stream().filter(ProcessHandle::isAlive).filter(p -> !tree.contains(p)).forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    if (awaitExit(tree, grace)) {
      return true;
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    return awaitExit(tree, Duration.ofSeconds(5));
  }

  /**
   * Waits until every process of {@code tree} has exited, at most {@code within}. An interrupt does not cut
   * the wait short (the gateway's stop must not leave a process behind): it is kept for the caller.
   */
  private static boolean awaitExit(List<ProcessHandle> tree, Duration within) {
    CompletableFuture<?> all = CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    long deadline = System.nanoTime() + Math.max(1, within.toNanos());
    boolean interrupted = false;
    try {
      while (true) {
        try {
          all.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return true;
        } catch (TimeoutException e) {
          return tree.stream().noneMatch(ProcessHandle::isAlive);
        } catch (ExecutionException e) {
          return tree.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
          interrupted = true;
          if (System.nanoTime() - deadline >= 0) {
            return tree.stream().noneMatch(ProcessHandle::isAlive);
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
