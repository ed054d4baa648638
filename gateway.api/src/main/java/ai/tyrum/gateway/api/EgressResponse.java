package ai.tyrum.gateway.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The response {@link Egress} returns.
 *
 * @param status the HTTP status code
 * @param uri the URI that answered, after redirects
 * @param headers header names (lower case) to their values
 * @param body the whole body, at most the gateway's cap
 */
public record EgressResponse(int status, URI uri, Map<String, List<String>> headers, byte[] body) {

  public EgressResponse {
    Objects.requireNonNull(uri, "uri");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Map.copyOf(copy);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first value of header {@code name}, if the response has it. */
  public Optional<String> header(String name) {
    List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
