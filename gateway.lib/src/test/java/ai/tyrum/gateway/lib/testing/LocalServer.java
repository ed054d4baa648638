package ai.tyrum.gateway.lib.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a free port of 127.0.0.1, remembering every request it was sent: the far end of
 * the egress tests.
 */
public final class LocalServer implements AutoCloseable {

  /** One request the server received; {@code authorization} is empty when it had none. */
  public record Received(String method, String path, String authorization) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "local-server");
    thread.setDaemon(true);
    return thread;
  });

  private LocalServer(HttpHandler handler) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("authorization"), "")));
      try (exchange) {
        handler.handle(exchange);
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  public static LocalServer start(HttpHandler handler) {
    return new LocalServer(handler);
  }

  /** A server that answers every request with {@code status} and {@code body}. */
  public static LocalServer answering(int status, String body) {
    return start(exchange -> respond(exchange, status, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** A server that redirects every request to {@code location} with a 302. */
  public static LocalServer redirectingTo(String location) {
    return start(exchange -> {
      exchange.getResponseHeaders().add("location", location);
      exchange.sendResponseHeaders(302, -1);
    });
  }

  public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT} and {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** {@code 127.0.0.1:PORT}, the endpoint a grant names. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
