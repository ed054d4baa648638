package ai.tyrum.gateway.lib.http;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one shape of every HTTP error (DESIGN section 7): {@code {"error":{"code","message","details"}}}. */
public final class ErrorBody {

  private ErrorBody() {}

  /** The body for {@code refusal}. */
  public static Map<String, Object> of(GatewayException refusal) {
    return of(refusal.code(), refusal.getMessage(), refusal.details());
  }

  /** The body for a refusal with {@code code}, {@code message} and {@code details}. */
  public static Map<String, Object> of(String code, String message, List<String> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", List.copyOf(details));
    return Map.of("error", error);
  }
}
