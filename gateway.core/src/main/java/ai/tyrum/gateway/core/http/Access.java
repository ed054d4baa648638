package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.Token;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * Who may call a route: anyone, a bearer token with one scope, or a token with the scope that the
 * thing the route serves declares itself. Every route states one; there is no default.
 */
sealed interface Access {

  /** Anyone, without a token: only what a load balancer or a supervisor must reach. */
  Access PUBLIC = new Public();

  Access OPERATOR_READ = new Scope(Token.OPERATOR_READ);
  Access OPERATOR_WRITE = new Scope(Token.OPERATOR_WRITE);
  Access OPERATOR_ADMIN = new Scope(Token.OPERATOR_ADMIN);
  Access TOOLS_INVOKE = new Scope("tools.invoke");

  /** Access that {@code lookup} reads, per request, from what the route serves. */
  static Access declaredBy(ScopeLookup lookup) {
    return new Declared(lookup);
  }

  /** No token needed. */
  record Public() implements Access {}

  /** A token that {@linkplain Token#allows(String) allows} {@code name}. */
  record Scope(String name) implements Access {
    public Scope {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a scope has a name");
      }
    }
  }

  /** A token that allows the scope {@code lookup} finds for the request, such as a plugin route's own. */
  record Declared(ScopeLookup lookup) implements Access {
    public Declared {
      Objects.requireNonNull(lookup, "lookup");
    }
  }

  /** Finds the scope a request needs from what the matched route serves. */
  @FunctionalInterface
  interface ScopeLookup {

    /**
     * The scope the caller of {@code match} needs. It runs after the token is authenticated, and may
     * pin what it found in a request attribute, so that what was checked is what then serves.
     *
     * @throws ai.tyrum.gateway.spi.GatewayException when there is nothing to serve (a 404 of its own)
     */
    String scope(RouteMatch match, HttpServletRequest request);
  }
}
