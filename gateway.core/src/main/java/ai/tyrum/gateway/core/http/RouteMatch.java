package ai.tyrum.gateway.core.http;

import java.util.Map;

/** The route a request names, with the values of its path template's variables. */
record RouteMatch(Route route, Map<String, String> params) {

  RouteMatch {
    params = Map.copyOf(params);
  }

  /** The value of path variable {@code name}; the template guarantees it is there and not empty. */
  String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException(route + " has no path variable " + name);
    }
    return value;
  }
}
