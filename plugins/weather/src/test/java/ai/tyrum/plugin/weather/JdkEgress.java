package ai.tyrum.plugin.weather;

import ai.tyrum.gateway.api.Egress;
import ai.tyrum.gateway.api.EgressRequest;
import ai.tyrum.gateway.api.EgressResponse;
import ai.tyrum.gateway.api.PluginException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the gateway's {@link Egress}, on the JDK's HTTP client: it sends what it is given, as
 * the gateway would once the request passed its checks, and remembers every request.
 */
final class JdkEgress implements Egress {

  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<EgressRequest> sent = new CopyOnWriteArrayList<>();

  @Override
  public EgressResponse send(EgressRequest request) {
    sent.add(request);
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).method(request.method(),
        request.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    try {
      HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new EgressResponse(response.statusCode(), response.uri(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new PluginException("egress_failed", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginException("egress_failed", "interrupted");
    }
  }

  /** Every request sent so far, in order. */
  List<EgressRequest> sent() {
    return List.copyOf(sent);
  }
}
