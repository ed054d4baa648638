package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.Token;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Admits a request to its route or refuses it: finds the route in the table, then, unless the route
 * is public, authenticates the bearer token and checks that it allows the scope the route requires.
 * The one place the HTTP API checks a token.
 */
final class Guard {

  private static final String BEARER = "Bearer ";

  private final Supplier<Routes> routes;
  private final Function<String, Optional<Token>> authenticate;

  /**
   * @param routes the table as of now
   * @param authenticate the token a presented bearer value stands for, if any
   */
  Guard(Supplier<Routes> routes, Function<String, Optional<Token>> authenticate) {
    this.routes = routes;
    this.authenticate = authenticate;
  }

  /**
   * The admitted call.
   *
   * @throws ApiError 404 {@code not_found}, 405 {@code method_not_allowed}, 401 {@code unauthenticated}
   *     or 403 {@code forbidden_scope}, in that order; or what a declared-scope lookup throws
   */
  Call admit(HttpServletRequest request) {
    RouteMatch match = routes.get().match(request.getMethod(), path(request));
    Access access = match.route().access();
    if (access instanceof Access.Public) {
      return new Call(request, match, Optional.empty());
    }
    Token token = authenticate(request);
    String scope =
        access instanceof Access.Declared declared
            ? declared.lookup().scope(match, request)
            : ((Access.Scope) access).name();
    if (!token.allows(scope)) {
      throw new ApiError(403, "forbidden_scope", "the token lacks scope " + scope, List.of(scope));
    }
    return new Call(request, match, Optional.of(token));
  }

  private Token authenticate(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiError(401, "unauthenticated", "send a bearer token: Authorization: Bearer <token>");
    }
    return authenticate
        .apply(header.substring(BEARER.length()).strip())
        .orElseThrow(() -> new ApiError(401, "unauthenticated", "the token is not valid"));
  }

  /** The path inside the context, decoded once by the container. */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String path = request.getPathInfo() == null ? servletPath : servletPath + request.getPathInfo();
    return path.isEmpty() ? "/" : path;
  }
}
