package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.manifest.McpDefinition;
import ai.tyrum.gateway.core.manifest.McpDefinition.SecretReference;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Resolves the secret references of a definition's {@code env} or {@code headers} when its server
 * starts: a scope the plugin holds no usable {@code secrets.read} on is {@code secret_not_granted}
 * ({@code refuse} records the refusal), a secret that is not set is {@code secret_missing}. Every scope is
 * checked before any value is read.
 */
final class SecretResolver {

  /** What refusing a scope does besides failing the start: recording {@code plugin.permission.denied}. */
  @FunctionalInterface
  interface Refusal {
    void refuse(String scope);
  }

  private final Predicate<String> granted;
  private final BiFunction<String, String, Optional<String>> stored;
  private final Refusal refusal;
  private final Set<String> revealed = new LinkedHashSet<>();

  /**
   * @param granted whether the plugin holds a usable {@code secrets.read} on a scope now
   * @param stored the value of secret (scope, name), if set
   * @param refusal records a refused scope
   */
  SecretResolver(Predicate<String> granted, BiFunction<String, String, Optional<String>> stored, Refusal refusal) {
    this.granted = granted;
    this.stored = stored;
    this.refusal = refusal;
  }

  /**
   * {@code values} with every secret reference replaced by its value.
   *
   * @throws McpStartException {@code secret_not_granted} or {@code secret_missing}, naming the reference
   */
  Map<String, String> resolve(Map<String, String> values) {
    for (String value : values.values()) {
      for (SecretReference reference : McpDefinition.references(value)) {
        if (!granted.test(reference.scope())) {
          refusal.refuse(reference.scope());
          throw new McpStartException("secret_not_granted", "the server's definition references " + reference
              + " but the plugin holds no granted secrets.read on scope " + reference.scope()
              + "; grant it with plugin:grant");
        }
      }
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    values.forEach((name, value) -> resolved.put(name, McpDefinition.resolve(value, reference -> {
      String secret = stored.apply(reference.scope(), reference.name()).orElseThrow(() -> new McpStartException(
          "secret_missing", "the server's definition references " + reference + ", which is not set; set it with secret:set "
              + reference.scope() + " " + reference.name()));
      revealed.add(secret);
      return secret;
    })));
    return resolved;
  }

  /** The secret values resolved so far: redacted from whatever the server prints. */
  Set<String> revealed() {
    return Set.copyOf(revealed);
  }
}
