package ai.tyrum.gateway.core.token;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated bearer token (DESIGN §7): its id, never its secret, the scopes it grants, and the
 * agent it is bound to, if any.
 *
 * @param id stable name of the token, safe to log
 * @param scopes such as {@code admin}, {@code operator.read}, {@code operator.write}, {@code operator.admin}
 * @param agent the one agent the token acts as, when it is bound to one
 */
public record Token(String id, Set<String> scopes, Optional<String> agent) {

  public static final String ADMIN = "admin";
  public static final String OPERATOR_READ = "operator.read";
  public static final String OPERATOR_WRITE = "operator.write";
  /** Installs, upgrades, enables and grants plugins (DESIGN section 5, privilege). */
  public static final String OPERATOR_ADMIN = "operator.admin";
  public static final String TOOLS_INVOKE = "tools.invoke";

  /** Every scope a token can carry; any other is refused when a token is created. */
  public static final Set<String> KNOWN_SCOPES = Set.of(OPERATOR_READ, OPERATOR_WRITE, OPERATOR_ADMIN, TOOLS_INVOKE, ADMIN);

  public Token {
    Objects.requireNonNull(id, "id");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(agent, "agent");
  }

  /** An unbound token. */
  public Token(String id, Set<String> scopes) {
    this(id, scopes, Optional.empty());
  }

  /**
   * Whether this token may act in {@code scope}: admin may do anything; each operator scope implies the
   * ones below it (admin, then write, then read).
   */
  public boolean allows(String scope) {
    return scopes.contains(ADMIN)
        || scopes.contains(scope)
        || (OPERATOR_WRITE.equals(scope) && scopes.contains(OPERATOR_ADMIN))
        || (OPERATOR_READ.equals(scope) && (scopes.contains(OPERATOR_WRITE) || scopes.contains(OPERATOR_ADMIN)));
  }
}
