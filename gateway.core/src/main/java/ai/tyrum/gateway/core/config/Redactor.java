package ai.tyrum.gateway.core.config;

import tools.jackson.databind.JsonNode;

/** Removes a plugin's sensitive ({@code writeOnly}) config values from what leaves the gateway. */
public interface Redactor {

  /** What a redacted sensitive value becomes. */
  String REDACTED = "[REDACTED]";

  /** {@code output} with every sensitive value of plugin {@code pluginId} replaced wherever a string carries it. */
  JsonNode redact(String pluginId, JsonNode output);

  /** {@code text} with every sensitive value of plugin {@code pluginId} replaced. */
  String redact(String pluginId, String text);
}
