package ai.tyrum.gateway.webconsole;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer of the console carries. The page runs only its own scripts and styles and
 * talks only to its own origin: no inline script, no framing, no referrer leaving the page. Its
 * files are not cached, so that a gateway upgraded in place serves the console of its version.
 */
final class SecurityHeaders {

  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  private SecurityHeaders() {}

  static void apply(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Cache-Control", "no-cache");
  }
}
