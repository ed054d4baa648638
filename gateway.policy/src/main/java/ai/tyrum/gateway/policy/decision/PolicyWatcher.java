package ai.tyrum.gateway.policy.decision;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches the policy dir and its {@code agents/} dir and, once a burst of changes to {@code .yml}/{@code
 * .yaml} files has settled, hands {@code onSettled} the files as read: editors write a file in several
 * steps, so the files are applied only when no change arrived for the settle window and two reads one
 * window apart found the same bytes ({@link #settled}).
 */
final class PolicyWatcher<T> implements Closeable {

  private static final System.Logger LOG = System.getLogger(PolicyWatcher.class.getName());

  private final Path dir;
  private final Duration settle;
  private final Supplier<T> read;
  private final BiPredicate<T, T> same;
  private final Consumer<T> onSettled;
  private WatchService service;
  private Thread thread;

  PolicyWatcher(Path dir, Duration settle, Supplier<T> read, BiPredicate<T, T> same, Consumer<T> onSettled) {
    this.dir = dir;
    this.settle = settle;
    this.read = read;
    this.same = same;
    this.onSettled = onSettled;
  }

  /**
   * Reads until two reads {@code settle} apart agree, and returns the last: content still being written
   * is never returned, however long the writer pauses between two writes that change it.
   *
   * @throws InterruptedException when the watch closes meanwhile
   */
  static <T> T settled(Supplier<T> read, BiPredicate<T, T> same, Duration settle) throws InterruptedException {
    T before = read.get();
    while (true) {
      Thread.sleep(settle.toMillis());
      T after = read.get();
      if (same.test(before, after)) {
        return after;
      }
      before = after;
    }
  }

  void start() {
    try {
      service = FileSystems.getDefault().newWatchService();
      register(dir);
      register(dir.resolve("agents"));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "policy: cannot watch " + dir + "; use policy:reload after a change", e);
      return;
    }
    thread = new Thread(this::run, "tyrum-policy-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void register(Path path) throws IOException {
    path.register(
        service,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = service.take();
        boolean relevant = drain(key);
        // let the burst settle, then take whatever else arrived in it
        WatchKey more;
        while ((more = service.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          relevant |= drain(more);
        }
        if (relevant) {
          try {
            onSettled.accept(settled(read, same, settle));
          } catch (RuntimeException e) {
            // the watch outlives one failed reload: the next change is read again
            LOG.log(System.Logger.Level.ERROR, "policy: reading the changed files failed", e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  private static boolean drain(WatchKey key) {
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (event.context() instanceof Path name) {
        String file = name.toString();
        relevant |= file.endsWith(".yml") || file.endsWith(".yaml");
      }
    }
    key.reset();
    return relevant;
  }

  @Override
  public void close() {
    try {
      if (service != null) {
        service.close();
      }
    } catch (IOException e) {
      // nothing left to do
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
