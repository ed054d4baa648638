package ai.tyrum.gateway.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A client of the gateway's HTTP API that presents one bearer token (or none). Requests and answers are
 * plain JSON text, as any client sends and reads them.
 */
public final class GatewayHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** One client for every test: the JDK's client starts a selector thread of its own. */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final URI base;
  private final Optional<String> token;

  GatewayHttp(URI base, String token) {
    this(base, Optional.of(token));
  }

  private GatewayHttp(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
  }

  /** A client that sends no token. */
  static GatewayHttp anonymous(URI base) {
    return new GatewayHttp(base, Optional.empty());
  }

  /** This client presenting {@code otherToken} instead, such as a narrower token or a wrong one. */
  public GatewayHttp withToken(String otherToken) {
    return new GatewayHttp(base, Optional.of(otherToken));
  }

  /** This client without a token. */
  public GatewayHttp withoutToken() {
    return anonymous(base);
  }

  public HttpResult get(String path) {
    return send("GET", path, null);
  }

  public HttpResult delete(String path) {
    return send("DELETE", path, null);
  }

  public HttpResult post(String path, String json) {
    return send("POST", path, json);
  }

  public HttpResult put(String path, String json) {
    return send("PUT", path, json);
  }

  /**
   * Sends {@code method} to {@code path} (path and query, such as {@code /tools?agent=default}) with a JSON
   * body when {@code json} is not null.
   */
  public HttpResult send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(method, path, response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }
}
