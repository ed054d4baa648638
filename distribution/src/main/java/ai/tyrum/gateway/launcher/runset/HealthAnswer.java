package ai.tyrum.gateway.launcher.runset;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code GET /healthz} answers while the launcher serves it: an HTTP status and its JSON body, in the
 * API's shapes ({@code {"status":"ok"}}, or {@code {"error":{"code","message","details"}}}).
 *
 * <p>Public, as {@link HealthServlet} reads it from another class loader.
 */
public record HealthAnswer(int status, String json) {

  public static final int METHOD_NOT_ALLOWED = 405;

  /** The answer of gateway.core's {@code /healthz} when the gateway serves. */
  static HealthAnswer ok() {
    return new HealthAnswer(200, "{\"status\":\"ok\"}");
  }

  /** 503 {@code run_set_degraded}: one detail per bundle, with its state and what brings it back. */
  static HealthAnswer degraded(List<NotActive> bundles) {
    String names = bundles.stream().map(NotActive::symbolicName).collect(Collectors.joining(", "));
    String message = (bundles.size() == 1 ? "a bundle of the gateway is not active: " : "bundles of the gateway are not active: ")
        + names + "; the gateway cannot serve fully until " + (bundles.size() == 1 ? "it runs" : "they run") + " again";
    return error(503, "run_set_degraded", message, bundles.stream().map(NotActive::detail).toList());
  }

  /** 405 {@code method_not_allowed}, as gateway.core answers it for a path it knows. */
  public static HealthAnswer methodNotAllowed(String method) {
    return error(METHOD_NOT_ALLOWED, "method_not_allowed", "use GET", List.of());
  }

  private static HealthAnswer error(int status, String code, String message, List<String> details) {
    String json = "{\"error\":{\"code\":" + quote(code) + ",\"message\":" + quote(message) + ",\"details\":["
        + details.stream().map(HealthAnswer::quote).collect(Collectors.joining(",")) + "]}}";
    return new HealthAnswer(status, json);
  }

  /** A JSON string (RFC 8259 section 7): quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    StringBuilder json = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}
