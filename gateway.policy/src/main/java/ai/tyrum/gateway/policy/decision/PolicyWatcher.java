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
import java.util.concurrent.TimeUnit;

/**
 * Watches the policy dir and its {@code agents/} dir and calls {@code onChange} once a burst of changes
 * to {@code .yml}/{@code .yaml} files has settled (editors write a file in several steps).
 */
final class PolicyWatcher implements Closeable {

  private static final System.Logger LOG = System.getLogger(PolicyWatcher.class.getName());
  private static final long SETTLE_MS = 150;

  private final Path dir;
  private final Runnable onChange;
  private WatchService service;
  private Thread thread;

  PolicyWatcher(Path dir, Runnable onChange) {
    this.dir = dir;
    this.onChange = onChange;
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
        while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
          relevant |= drain(more);
        }
        if (relevant) {
          onChange.run();
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
