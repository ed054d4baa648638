package ai.tyrum.gateway.itest;

import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer of the gateway's HTTP API.
 *
 * @param method the request's method
 * @param path the request's path and query
 * @param status the status code
 * @param headers the response headers
 * @param body the body as text
 */
public record HttpResult(String method, String path, int status, HttpHeaders headers, String body) {

  /** A client's own mapper, deliberately not the gateway's: the test reads what any client would. */
  private static final JsonMapper JSON = JsonMapper.shared();

  /** The body parsed as JSON; an empty body is an empty object. */
  public JsonNode json() {
    return JSON.readTree(body.isEmpty() ? "{}" : body);
  }

  /** The {@code error.code} of an error body (DESIGN section 7), or empty. */
  public String errorCode() {
    return json().path("error").path("code").asString();
  }

  /** This result, or an AssertionError naming the request and showing the body. */
  public HttpResult assertStatus(int expected) {
    if (status != expected) {
      throw new AssertionError(method + " " + path + " answered " + status + ", expected " + expected + ": " + body);
    }
    return this;
  }
}
