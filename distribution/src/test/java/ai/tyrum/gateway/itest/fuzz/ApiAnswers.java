package ai.tyrum.gateway.itest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every answer of the HTTP API promises, whatever it was sent (DESIGN section 7). */
final class ApiAnswers {

  private static final JsonMapper JSON = JsonMapper.shared();
  /** A request for the web console's bare path, which the console redirects to its page ({@code /ui/}). */
  private static final Pattern WEB_CONSOLE_ROOT = Pattern.compile("^[A-Z]+ /ui(?:[ ?;#]|$)");
  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  /** A Java class name, or the name of a library the gateway is built on: an operator should see neither. */
  private static final Pattern IMPLEMENTATION =
      Pattern.compile("\\b(java|javax|jakarta|tools|com|org|net|sun|ai)\\.[a-z0-9_]+(\\.[a-z0-9_]+)*\\.[A-Z]\\w*|Exception|(?i:jackson|jetty)");

  private ApiAnswers() {}

  /**
   * Never a 5xx (except 505 for a request line's HTTP version); no redirect but the web console's of {@code /ui};
   * every other answer that is not 2xx is {@code {"error":{"code","message","details"}}} with a
   * snake_case code and a message that names no Java class.
   *
   * @param request what was sent, for the failure message
   */
  static void assertWellFormed(String request, int status, String contentType, String body) {
    assertWellFormed(request, status, contentType, body, Set.of());
  }

  /**
   * As {@link #assertWellFormed(String, int, String, String)}, except that a 5xx whose code is one of
   * {@code upstreamCodes} is allowed: a plugin that fails or refuses is the gateway's upstream (502), not the
   * gateway failing.
   */
  static void assertWellFormed(String request, int status, String contentType, String body, Set<String> upstreamCodes) {
    String what = request + " -> " + status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
    if (status == 505) {
      // RFC 9110 15.6.6: the one 5xx that answers the client's request line (HTTP/9.9), not a fault of the gateway
      assertThat(JSON.readTree(body).path("error").path("code").asString("")).as("505 only for the version: " + what)
          .isEqualTo("http_version_not_supported");
    } else if (status >= 500 && !upstreamCodes.isEmpty()) {
      assertThat(contentType).as("content type of " + what).startsWith("application/json");
      assertThat(JSON.readTree(body).path("error").path("code").asString("")).as("a 5xx only from a plugin: " + what).isIn(upstreamCodes);
    } else {
      assertThat(status).as("never a 5xx: " + what).isLessThan(500);
    }
    if (status >= 200 && status < 300) {
      return;
    }
    if (status >= 300 && status < 400) {
      assertThat(request).as("the one redirect is the web console's, of /ui to /ui/: " + what).containsPattern(WEB_CONSOLE_ROOT);
      return;
    }
    assertThat(contentType).as("content type of " + what).startsWith("application/json");
    JsonNode error;
    try {
      error = JSON.readTree(body).path("error");
    } catch (RuntimeException e) {
      throw new AssertionError("an error answer that is not JSON: " + what, e);
    }
    assertThat(error.isObject()).as("error object in " + what).isTrue();
    assertThat(error.path("code").asString("")).as("snake_case code in " + what).matches(SNAKE_CASE);
    assertThat(error.path("message").isString()).as("message in " + what).isTrue();
    assertThat(error.path("message").asString()).as("message names no implementation in " + what).doesNotContainPattern(IMPLEMENTATION);
    assertThat(error.has("details")).as("details in " + what).isTrue();
    assertThat(error.path("details").toString()).as("details name no implementation in " + what).doesNotContainPattern(IMPLEMENTATION);
  }

  static String describe(byte[] request) {
    String text = new String(request, java.nio.charset.StandardCharsets.ISO_8859_1);
    return text.length() > 600 ? text.substring(0, 600) + "...(" + text.length() + " bytes)" : text;
  }
}
