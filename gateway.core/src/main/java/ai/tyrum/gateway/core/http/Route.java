package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.lib.http.PathTemplate;
import java.util.Objects;

/**
 * One entry of the HTTP API's route table: a method, a path template, who may call it, and the
 * handler that answers.
 *
 * @param method an HTTP method, or {@link #ANY} when the handler checks the method itself
 */
record Route(String method, PathTemplate template, Access access, Handler handler) {

  /** Any method: for routes whose methods are declared by what they serve (plugin routes). */
  static final String ANY = "*";

  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(access, "access: every route states who may call it");
    Objects.requireNonNull(handler, "handler");
  }

  static Route get(String template, Access access, Handler handler) {
    return new Route("GET", PathTemplate.parse(template), access, handler);
  }

  static Route post(String template, Access access, Handler handler) {
    return new Route("POST", PathTemplate.parse(template), access, handler);
  }

  static Route put(String template, Access access, Handler handler) {
    return new Route("PUT", PathTemplate.parse(template), access, handler);
  }

  static Route delete(String template, Access access, Handler handler) {
    return new Route("DELETE", PathTemplate.parse(template), access, handler);
  }

  static Route any(String template, Access access, Handler handler) {
    return new Route(ANY, PathTemplate.parse(template), access, handler);
  }

  /** Whether this route answers {@code requested}. */
  boolean answers(String requested) {
    return method.equals(ANY) || method.equals(requested);
  }

  @Override
  public String toString() {
    return method + " " + template;
  }
}
