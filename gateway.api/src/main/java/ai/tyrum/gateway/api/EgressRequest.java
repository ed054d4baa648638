package ai.tyrum.gateway.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request for {@link Egress}.
 *
 * @param method the HTTP method, upper case, such as {@code GET}
 * @param uri an absolute {@code http} or {@code https} URI
 * @param headers header names (lower case) to their values
 * @param body the request body; empty for none
 */
public record EgressRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

  public EgressRequest {
    Objects.requireNonNull(method, "method");
    method = method.toUpperCase(Locale.ROOT);
    Objects.requireNonNull(uri, "uri");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Map.copyOf(copy);
    body = body.clone();
  }

  /** A {@code GET} of {@code uri}, without headers. */
  public static EgressRequest get(String uri) {
    return new EgressRequest("GET", URI.create(uri), Map.of(), new byte[0]);
  }

  /** A {@code POST} of {@code body} to {@code uri} with header {@code content-type: contentType}. */
  public static EgressRequest post(String uri, String contentType, byte[] body) {
    return new EgressRequest("POST", URI.create(uri), Map.of("content-type", List.of(contentType)), body);
  }

  /** This request with one more value of header {@code name}. */
  public EgressRequest header(String name, String value) {
    Map<String, List<String>> more = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(more.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    values.add(value);
    more.put(name, values);
    return new EgressRequest(method, uri, more, body);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
