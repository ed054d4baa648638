package ai.tyrum.gateway.core.http;

import java.util.List;

/** An error answered as {@code {"error":{"code","message","details"}}} with its HTTP status. */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient List<String> details;

  ApiError(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  ApiError(int status, String code, String message, List<String> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }
}
