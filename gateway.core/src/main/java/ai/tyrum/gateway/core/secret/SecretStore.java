package ai.tyrum.gateway.core.secret;

import java.util.List;
import java.util.Optional;

/**
 * The operator's secrets (DESIGN section 2, one service per kind of state), each a value under a scope and
 * a name. Only {@link #value} returns a value, and only the {@code Secrets} host service calls it, for a
 * plugin granted the scope inside one of its calls; every other surface shows names only.
 */
public interface SecretStore {

  /** Who acts at the gateway's own console, as audit records name it. */
  String CONSOLE = "console";

  /** A scope, as a plugin's {@code secrets.read} target names it. */
  String SCOPE_RULE = "a scope is 1 to 63 lower-case letters, digits and '-', starting with a letter";

  /** A name within a scope. */
  String NAME_RULE = "a name is 1 to 63 lower-case letters, digits and '_', starting with a letter";

  /** The largest value, in UTF-8 bytes. */
  int MAX_VALUE_BYTES = 8 * 1024;

  /**
   * Stores {@code value} as secret {@code name} of {@code scope}, replacing any value it had, durably, and
   * records {@code secret.changed} (kind {@code set}) in the name of {@code actor}.
   *
   * @throws SecretException {@code invalid_secret_name}, {@code invalid_secret_value} or
   *     {@code value_too_large}; nothing is stored then
   */
  SecretInfo set(String scope, String name, String value, String actor);

  /** Every secret, by scope then name, without its value. */
  List<SecretInfo> list();

  /**
   * Removes secret {@code name} of {@code scope} and records {@code secret.changed} (kind {@code deleted}).
   *
   * @throws SecretException {@code invalid_secret_name} or {@code secret_not_found}
   */
  SecretInfo delete(String scope, String name, String actor);

  /** The value of secret {@code name} of {@code scope}, if it is set: for the {@code Secrets} host service only. */
  Optional<String> value(String scope, String name);
}
