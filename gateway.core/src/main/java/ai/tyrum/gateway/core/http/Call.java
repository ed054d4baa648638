package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.lib.http.JsonBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request that the {@link ApiContext} admitted, as a handler sees it: the route it matched and
 * the token that was checked for it (empty only on a public route).
 */
record Call(HttpServletRequest request, RouteMatch match, Optional<Token> token) {

  /** The request attribute the context leaves the admitted call in, for the dispatcher. */
  static final String ATTRIBUTE = Call.class.getName();

  Call {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(token, "token");
  }

  /** The value of path variable {@code name}. */
  String param(String name) {
    return match.param(name);
  }

  /** The query parameter {@code name}, if sent. */
  Optional<String> query(String name) {
    return Optional.ofNullable(request.getParameter(name));
  }

  /** The query parameter {@code name} as a number; 400 {@code invalid_request} when it is not one. */
  long longQuery(String name, long fallback) {
    Optional<String> value = query(name);
    try {
      return value.isEmpty() ? fallback : Long.parseLong(value.get());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "invalid_request", name + " must be a number", List.of(name));
    }
  }

  /** Whether the request carries a body at all. */
  boolean hasBody() {
    return request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
  }

  /** The body, one JSON object (see {@link JsonBody#readObject}). */
  ObjectNode body() throws IOException {
    return JsonBody.readObject(request.getInputStream());
  }

  /**
   * Who acts, as approvals and audit name it: {@code token:<id>}.
   *
   * @throws IllegalStateException on a public route, whose table entry should not have been public
   */
  String actor() {
    return "token:" + token.orElseThrow(() -> new IllegalStateException(match.route() + " is public: it has no actor")).id();
  }
}
