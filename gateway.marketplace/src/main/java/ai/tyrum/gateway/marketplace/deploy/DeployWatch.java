package ai.tyrum.gateway.marketplace.deploy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The deploy folder's one thread: scans at start (the reconciliation), after each change the file system
 * reports, after the settle time while an entry is still settling, and every rescan interval anyway,
 * since some file systems report no change at all.
 */
final class DeployWatch implements Closeable {

  private static final System.Logger LOG = System.getLogger(DeployWatch.class.getName());
  private static final Duration JOIN = Duration.ofSeconds(10);

  private final Path folder;
  private final DeployScan scan;
  private final Duration settle;
  private final Duration rescan;
  private final Thread thread;
  private volatile WatchService service;

  DeployWatch(Path folder, DeployScan scan, Duration settle, Duration rescan) {
    this.folder = folder;
    this.scan = scan;
    this.settle = settle;
    this.rescan = rescan;
    this.thread = new Thread(this::run, "tyrum-deploy-folder");
    thread.setDaemon(true);
  }

  void start() {
    try {
      service = FileSystems.getDefault().newWatchService();
      folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "deploy: cannot watch " + folder + "; it is listed every "
          + rescan.toMillis() + " ms instead: " + e);
      service = null;
    }
    thread.start();
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        boolean settling;
        try {
          settling = scan.scan();
        } catch (RuntimeException e) {
          // the watch outlives one failed scan: the next one looks again
          LOG.log(System.Logger.Level.ERROR, "deploy: scanning " + folder + " failed", e);
          settling = false;
        }
        await(settling ? settle : rescan);
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  /** Waits for a reported change or {@code wait}, whichever comes first. */
  private void await(Duration wait) throws InterruptedException {
    WatchService watch = service;
    if (watch == null) {
      Thread.sleep(wait.toMillis());
      return;
    }
    WatchKey key = watch.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    while (key != null) {
      key.pollEvents(); // which entry changed does not matter: a scan looks at all of them
      if (!key.reset()) {
        LOG.log(System.Logger.Level.WARNING, "deploy: " + folder + " can no longer be watched; it is listed every "
            + rescan.toMillis() + " ms instead");
        service = null;
        closeQuietly(watch);
        return;
      }
      key = watch.poll();
    }
  }

  @Override
  public void close() {
    WatchService watch = service;
    if (watch != null) {
      closeQuietly(watch);
    }
    thread.interrupt();
    try {
      thread.join(JOIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(WatchService watch) {
    try {
      watch.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
