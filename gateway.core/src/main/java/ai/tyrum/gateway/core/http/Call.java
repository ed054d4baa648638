package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.lib.http.JsonBody;
import ai.tyrum.gateway.lib.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  /**
   * The query parameter {@code name}, if sent.
   *
   * @throws ApiError 400 {@code invalid_query} when the query string does not decode
   */
  Optional<String> query(String name) {
    return Optional.ofNullable(queryParameters().get(name)).map(values -> values.get(0));
  }

  /**
   * Every query parameter, decoded once by the container.
   *
   * @throws ApiError 400 {@code invalid_query} when the query string does not decode (a {@code %} not
   *     followed by two hex digits, or bytes that are not UTF-8)
   */
  Map<String, List<String>> queryParameters() {
    Map<String, String[]> parameters;
    try {
      parameters = request.getParameterMap();
    } catch (RuntimeException malformed) {
      // The container refuses the query with its own unchecked exception; the client sent it wrong.
      throw new ApiError(400, "invalid_query",
          "the query string is malformed: each % must start an escape of two hex digits, and escapes must decode to UTF-8",
          List.of("query"));
    }
    Map<String, List<String>> query = new LinkedHashMap<>();
    parameters.forEach((name, values) -> query.put(name, List.of(values)));
    return query;
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

  /** The body, one JSON object holding only {@code fields} (see {@link RequestBody}). */
  RequestBody body(Set<String> fields) throws IOException {
    return new RequestBody(body(), fields);
  }

  /**
   * The body as {@link #body(Set)} reads it, or an empty object when the request carries none: for
   * routes whose fields are all optional, so that a field sent by mistake is refused, not ignored.
   */
  RequestBody optionalBody(Set<String> fields) throws IOException {
    return hasBody() ? body(fields) : new RequestBody(Json.MAPPER.createObjectNode(), fields);
  }

  /** Whether the request carries a body at all. */
  boolean hasBody() {
    return request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
  }

  /**
   * The body, one JSON object (see {@link JsonBody#readObject}).
   *
   * @throws ApiError 400 {@code unreadable_body} when the body cannot be read, such as a malformed
   *     chunked encoding or a connection that ends early; or what {@link JsonBody} refuses
   */
  ObjectNode body() throws IOException {
    JsonBody.requireJsonType(Optional.ofNullable(request.getContentType()));
    byte[] bytes;
    try {
      bytes = request.getInputStream().readNBytes(JsonBody.MAX_BYTES + 1);
    } catch (IOException | RuntimeException unreadable) {
      // The container's own exceptions for a body that breaks HTTP: the client's mistake, not ours.
      throw new ApiError(400, "unreadable_body",
          "the request body could not be read: its chunked encoding is malformed or it ended before its declared length");
    }
    return JsonBody.readObject(new ByteArrayInputStream(bytes));
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
