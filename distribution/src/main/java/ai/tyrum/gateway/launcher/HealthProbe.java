package ai.tyrum.gateway.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Polls the gateway's {@code GET /healthz} until it answers 200: the gateway is ready then, not before. */
final class HealthProbe {
  /** Short enough to add little to start-up, long enough not to busy-spin while Jetty starts. */
  private static final long POLL_MILLIS = 10;

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private final HttpRequest request;

  HealthProbe(URI healthz) {
    request = HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(5)).GET().build();
  }

  /**
   * Creates a probe on another thread and sends one request whose answer does not matter (the port is not
   * open yet). The HTTP client's first use loads a few hundred classes, over 100 ms on a 2-core machine;
   * done on another core while the framework starts, it no longer delays the ready line.
   */
  static CompletableFuture<HealthProbe> warmedUp(URI healthz) {
    return CompletableFuture.supplyAsync(() -> {
      HealthProbe probe = new HealthProbe(healthz);
      try {
        probe.client.send(probe.request, HttpResponse.BodyHandlers.discarding());
      } catch (IOException expected) {
        // refused: nothing listens yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return probe;
    }, HealthProbe::onOwnThread);
  }

  /**
   * Not the common fork-join pool: once hardened mode's security manager is installed, that pool's threads
   * (when it creates them then) hold no permission, and the HTTP client refuses to connect from them. A thread
   * the launcher starts holds the launcher's permissions.
   */
  private static void onOwnThread(Runnable task) {
    Thread thread = new Thread(task, "gateway-health-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Returns once {@code /healthz} answers 200.
   *
   * @param alive false once waiting makes no sense any more (the framework stopped)
   */
  void await(Duration timeout, BooleanSupplier alive) throws LaunchException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      if (!alive.getAsBoolean()) {
        throw new LaunchException("the framework stopped before the gateway was ready (see the errors above)");
      }
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return;
        }
        last = "HTTP " + status;
      } catch (IOException e) {
        // Refused until Jetty listens: the usual answer early in start-up.
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LaunchException("interrupted while waiting for " + request.uri());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new LaunchException("the gateway was not ready within " + timeout.toSeconds() + " s: GET "
            + request.uri() + " did not answer 200 (last: " + last + ")");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LaunchException("interrupted while waiting for " + request.uri());
      }
    }
  }
}
