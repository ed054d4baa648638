package ai.tyrum.gateway.api;

import java.util.Map;

/**
 * What a route answers: a status and a JSON object body.
 *
 * @param status the HTTP status
 * @param body the JSON object sent back
 */
public record RouteResponse(int status, Map<String, Object> body) {

  public RouteResponse {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    body = JsonValues.copyObject(body);
  }

  /** A 200 response with {@code body}. */
  public static RouteResponse ok(Map<String, Object> body) {
    return new RouteResponse(200, body);
  }
}
