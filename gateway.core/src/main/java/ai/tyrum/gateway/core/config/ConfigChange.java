package ai.tyrum.gateway.core.config;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A config write that took effect.
 *
 * @param pluginId the plugin
 * @param changed the top-level keys whose effective value changed, sorted
 * @param config the new effective config, masked
 * @param eventSeq the audit sequence number of its {@code plugin.config.changed} event, 0 when nothing changed
 */
public record ConfigChange(String pluginId, List<String> changed, JsonNode config, long eventSeq) {
  public ConfigChange {
    changed = List.copyOf(changed);
  }
}
