package ai.tyrum.gateway.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to a plugin route.
 *
 * @param method the HTTP method, upper case
 * @param path the route path relative to {@code /plugins/<plugin-id>/rpc/}
 * @param query the query parameters
 * @param body the request body parsed as a JSON object ({@code {}} when there is none)
 */
public record RouteRequest(
    String method, String path, Map<String, List<String>> query, Map<String, Object> body) {

  public RouteRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = query == null ? Map.of() : Map.copyOf(query);
    body = JsonValues.copyObject(body);
  }
}
