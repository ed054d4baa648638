package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** An error of the HTTP layer itself, answered as {@code {"error":{"code","message","details"}}} with its HTTP status. */
sealed class ApiError extends GatewayException permits MethodNotAllowed {

  private static final long serialVersionUID = 1L;

  ApiError(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  ApiError(int status, String code, String message, List<String> details) {
    super(code, status, message, details);
  }
}
