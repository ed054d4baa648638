package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.lib.http.ErrorBody;
import ai.tyrum.gateway.lib.json.Json;
import java.util.List;

/**
 * The error body for a status that the HTTP server answers by itself, before or around the API: a
 * request that is not valid HTTP (400, 414, 431, 505), or an error outside any route (404, 500). The
 * same shape as every other error of the gateway's port (DESIGN section 7), with a code per status.
 */
final class StatusErrors {

  private StatusErrors() {}

  /** The stable code and the operator's message for {@code status}. */
  record StatusError(String code, String message) {

    /** {@code {"error":{"code","message","details":[]}}} as UTF-8 JSON. */
    byte[] json() {
      return Json.bytes(ErrorBody.of(code, message, List.of()));
    }
  }

  /**
   * The error for a request Jetty's parser refused with {@code status}, told more precisely for a 400
   * when the parser's {@code reason} names a common mistake; the reason itself is never repeated.
   */
  static StatusError badMessage(int status, String reason) {
    String said = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
    if (status != 400) {
      return of(status);
    }
    if (said.contains("no host") || said.contains("host header") || said.contains("duplicate host")) {
      return new StatusError("bad_request", "the request needs exactly one valid Host header");
    }
    if (said.contains("content-length") || said.contains("content length") || said.contains("transfer-encoding")
        || said.contains("chunk")) {
      return new StatusError("bad_request",
          "the request's body framing is not valid HTTP: one Content-Length, or Transfer-Encoding: chunked with well-formed chunks");
    }
    if (said.contains("uri") || said.contains("path") || said.contains("encod") || said.contains("utf")) {
      return new StatusError("bad_request",
          "the request's path is ambiguous or badly encoded: no empty, '.' or '..' segments, every % followed by two hex"
              + " digits, and escapes that decode to UTF-8");
    }
    return of(status);
  }

  static StatusError of(int status) {
    return switch (status) {
      case 400 -> new StatusError("bad_request",
          "the request is not valid HTTP: check its request line, headers, percent-escapes and chunked body");
      case 401 -> new StatusError("unauthenticated", "send a bearer token: Authorization: Bearer <token>");
      case 403 -> new StatusError("forbidden", "the request is not allowed");
      case 404 -> new StatusError("not_found", "no such endpoint");
      case 405 -> new StatusError("method_not_allowed", "the endpoint does not answer this method");
      case 408 -> new StatusError("request_timeout", "the request did not arrive in time");
      case 411 -> new StatusError("length_required", "send the body with a Content-Length or chunked");
      case 413 -> new StatusError("body_too_large", "the request body is larger than the gateway accepts");
      case 414 -> new StatusError("uri_too_long", "the request's path and query are longer than the gateway accepts");
      case 415 -> new StatusError("unsupported_media_type", "the request body must be JSON: send Content-Type: application/json");
      case 417 -> new StatusError("expectation_failed", "the gateway does not meet the request's Expect header");
      case 431 -> new StatusError("headers_too_large", "the request's headers are larger than the gateway accepts");
      case 501 -> new StatusError("not_implemented", "the gateway does not implement what the request asks");
      case 503 -> new StatusError("unavailable", "the gateway is starting or stopping; try again shortly");
      case 505 -> new StatusError("http_version_not_supported", "use HTTP/1.1 (or HTTP/1.0)");
      default -> status >= 500
          ? new StatusError("internal_error", "the gateway failed to answer; see its log")
          : new StatusError("bad_request", "the gateway cannot answer this request (HTTP status " + status + ")");
    };
  }
}
