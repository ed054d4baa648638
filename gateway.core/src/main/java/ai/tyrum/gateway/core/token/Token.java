package ai.tyrum.gateway.core.token;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated bearer token (DESIGN §7): its id, never its secret, and the scopes it grants.
 *
 * @param id stable name of the token, safe to log
 * @param scopes such as {@code admin}, {@code operator.read}, {@code operator.write}, {@code operator.admin}
 */
public record Token(String id, Set<String> scopes) {

  public static final String ADMIN = "admin";
  public static final String OPERATOR_READ = "operator.read";
  public static final String OPERATOR_WRITE = "operator.write";
  /** Installs, upgrades, enables and grants plugins (DESIGN section 5, privilege). */
  public static final String OPERATOR_ADMIN = "operator.admin";

  public Token {
    Objects.requireNonNull(id, "id");
    scopes = Set.copyOf(scopes);
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
