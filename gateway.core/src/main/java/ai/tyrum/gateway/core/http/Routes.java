package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.lib.http.PathTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP API's route table as of one moment: finds the route a request names, most specific
 * template first, or refuses with 404 {@code not_found} or 405 {@code method_not_allowed}.
 */
record Routes(List<Route> routes) {

  /** Most specific template first; the table's order otherwise, so that a listing reads stably. */
  private static final Comparator<Route> ORDER =
      (a, b) -> PathTemplate.bySpecificity(a.template(), b.template());

  /**
   * @throws IllegalArgumentException if two routes answer the same method on the same template, or
   *     {@link Route#ANY} and another method share one: which would answer is not for the order of
   *     registration to decide
   */
  Routes {
    routes = routes.stream().sorted(ORDER).toList();
    Set<String> seen = new HashSet<>();
    for (Route route : routes) {
      if (!seen.add(route.method() + " " + route.template().text())) {
        throw new IllegalArgumentException("two routes for " + route);
      }
    }
    for (Route route : routes) {
      if (!route.method().equals(Route.ANY) && seen.contains(Route.ANY + " " + route.template().text())) {
        throw new IllegalArgumentException(route + " overlaps " + Route.ANY + " " + route.template());
      }
    }
  }

  static Routes of(Collection<Route> routes) {
    return new Routes(List.copyOf(routes));
  }

  /** This table with {@code more} routes; fails like the constructor. */
  Routes with(Collection<Route> more) {
    List<Route> all = new ArrayList<>(routes);
    all.addAll(more);
    return new Routes(all);
  }

  /**
   * The route that answers {@code method} on {@code path}.
   *
   * @throws ApiError 404 {@code not_found} when no template matches the path
   * @throws MethodNotAllowed when the most specific matching template does not answer the method
   */
  RouteMatch match(String method, String path) {
    for (Route candidate : routes) {
      Optional<Map<String, String>> params = candidate.template().match(path);
      if (params.isPresent()) {
        return answering(method, candidate.template(), params.get());
      }
    }
    throw new ApiError(404, "not_found", "no such endpoint: " + method + " " + path);
  }

  private RouteMatch answering(String method, PathTemplate template, Map<String, String> params) {
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      if (route.template().equals(template)) {
        if (route.answers(method)) {
          return new RouteMatch(route, params);
        }
        allowed.add(route.method());
      }
    }
    throw new MethodNotAllowed(allowed);
  }
}
