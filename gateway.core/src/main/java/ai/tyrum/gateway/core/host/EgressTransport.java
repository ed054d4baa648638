package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one HTTP client that every plugin's {@code Egress} sends through, made when the component
 * activates and shared: it never follows a redirect (the caller checks each hop first), uses no proxy (the
 * connection goes where the checks looked), and reads every body through a cap. The limits are
 * configuration ({@link EgressLimits}).
 */
@Component(service = EgressTransport.class, configurationPid = EgressLimits.PID)
@Designate(ocd = EgressLimits.class)
public final class EgressTransport {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final long timeoutMs;
  private final int maxResponseBytes;
  private final int maxRedirects;
  private final ExecutorService executor;
  private final HttpClient client;

  @Activate
  public EgressTransport(EgressLimits limits) {
    long connectTimeoutMs = positive(limits.connect_timeout_ms(), "connect.timeout.ms");
    this.timeoutMs = positive(limits.timeout_ms(), "timeout.ms");
    this.maxResponseBytes = (int) positive(limits.max_response_bytes(), "max.response.bytes");
    if (limits.max_redirects() < 0) {
      throw new IllegalArgumentException(EgressLimits.PID + " max.redirects must not be negative, not " + limits.max_redirects());
    }
    this.maxRedirects = limits.max_redirects();
    this.executor = Executors.newCachedThreadPool(EgressTransport::thread);
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofMillis(connectTimeoutMs))
        // one protocol whose exchanges the checks reason about: no h2c upgrade on plain http
        .version(HttpClient.Version.HTTP_1_1)
        .executor(executor)
        .build();
  }

  private static long positive(long value, String property) {
    if (value <= 0) {
      throw new IllegalArgumentException(EgressLimits.PID + " " + property + " must be positive, not " + value);
    }
    return value;
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "tyrum-egress-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    // a pool thread may be made while a plugin's tool runs: it must not take the plugin's class loader
    // from that thread, or the gateway would count it among the plugin's leftover threads
    thread.setContextClassLoader(EgressTransport.class.getClassLoader());
    return thread;
  }

  @Deactivate
  void deactivate() {
    executor.shutdownNow();
  }

  /** How many redirects one request may follow. */
  int maxRedirects() {
    return maxRedirects;
  }

  /**
   * The request, as the client will send it.
   *
   * @throws IllegalArgumentException when the client refuses the method, a header name or value
   */
  HttpRequest request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMillis(timeoutMs))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    return builder.build();
  }

  /**
   * Sends {@code request} and reads the response whole, within the timeout and the cap. Call it only
   * once the request's endpoint passed every check.
   *
   * @throws PluginException {@code egress_timeout}, {@code response_too_large} or {@code egress_failed}
   */
  @SuppressWarnings("removal") // AccessController: the security manager of hardened mode, on JDK 17 to 23
  HttpResponse<byte[]> exchange(HttpRequest request) {
    // the request runs for a plugin whose protection domain is on the stack: the gateway's own
    // permission to connect decides, and the client's threads inherit this context, not the plugin's
    CompletableFuture<HttpResponse<byte[]>> exchange = AccessController.doPrivileged(
        (PrivilegedAction<CompletableFuture<HttpResponse<byte[]>>>) () ->
            client.sendAsync(request, CappedBody.handler(maxResponseBytes)));
    try {
      // the client's own timeout ends with the response's head: this deadline covers the body too
      return exchange.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw timeout(request.uri());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new PluginException("egress_failed", "interrupted while waiting for " + origin(request.uri()));
    } catch (ExecutionException e) {
      throw failure(request.uri(), e.getCause());
    }
  }

  private PluginException timeout(URI uri) {
    return new PluginException("egress_timeout", origin(uri) + " did not answer within " + timeoutMs
        + " ms (timeout.ms of " + EgressLimits.PID + ")");
  }

  private PluginException failure(URI uri, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CappedBody.TooLarge tooLarge) {
        return new PluginException("response_too_large", origin(uri) + ": " + tooLarge.getMessage());
      }
      if (t instanceof HttpTimeoutException) {
        return new PluginException("egress_timeout", origin(uri) + ": " + t.getMessage());
      }
    }
    String why = cause instanceof IOException && cause.getMessage() != null
        ? cause.getMessage()
        : cause.getClass().getSimpleName();
    return new PluginException("egress_failed", "the exchange with " + origin(uri) + " failed: " + why);
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
