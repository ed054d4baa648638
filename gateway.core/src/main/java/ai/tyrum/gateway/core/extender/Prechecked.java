package ai.tyrum.gateway.core.extender;

import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The plugins installed when the extender opens, checked side by side before the bundle tracker hands
 * them over one at a time: checking a plugin (its manifest and every schema against the JSON Schema
 * meta-schema) is most of what a start spends per plugin, and it needs nothing but the bundle. Each
 * result is taken once, for the revision it was made from; a bundle updated since is checked again.
 */
final class Prechecked {

  private final Map<BundleRevision, Object> results = new ConcurrentHashMap<>();

  private Prechecked() {}

  /** Checks {@code bundles} on as many threads as there are processors, and waits for all. */
  static Prechecked of(List<Bundle> bundles, PluginInspection inspection) {
    Prechecked prechecked = new Prechecked();
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, bundles.size()));
    if (bundles.size() < 2 || threads < 2) {
      return prechecked; // nothing to gain: the tracker checks each as it comes
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "tyrum-plugin-check-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> checks = bundles.stream()
          .<Future<?>>map(bundle -> pool.submit(() -> prechecked.check(bundle, inspection)))
          .toList();
      for (Future<?> check : checks) {
        try {
          check.get();
        } catch (ExecutionException e) {
          // that bundle is checked again when the tracker hands it over, and fails there if it must
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
    return prechecked;
  }

  private void check(Bundle bundle, PluginInspection inspection) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    if (revision == null) {
      return;
    }
    try {
      results.put(revision, inspection.validate(bundle));
    } catch (ManifestException refusal) {
      results.put(revision, refusal);
    }
  }

  /**
   * The result checked for the bundle's current revision, taken out: empty when none was made for it.
   *
   * @throws ManifestException when the check refused it
   */
  @SuppressWarnings("unchecked")
  Optional<Optional<ValidatedPlugin>> take(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    Object result = revision == null ? null : results.remove(revision);
    if (result instanceof ManifestException refusal) {
      throw refusal;
    }
    return Optional.ofNullable((Optional<ValidatedPlugin>) result);
  }
}
