package ai.tyrum.gateway.core.config;

import java.util.Set;

/**
 * The sensitive ({@code writeOnly}) values of each plugin's stored config, as redaction needs them:
 * while a write is under way, the old values and the new ones both.
 */
@FunctionalInterface
public interface SensitiveValues {

  /** The sensitive values of plugin {@code pluginId}'s config now; empty when it has none or is unknown. */
  Set<String> of(String pluginId);
}
