package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each plugin's stored config checked against its closed schema: what the extender reads before it
 * lets a plugin load, and what is handed to the plugin once it may.
 */
public interface StoredConfigs {

  /**
   * Every reason the stored config of {@code plugin} is not valid for its schema, one line each
   * ({@code /greeting (type): ...}); empty when it is valid. Never throws, whatever the file holds (or
   * whatever sits at its path): one plugin's config never stops the extender reading the others.
   */
  List<String> problems(ValidatedPlugin plugin);

  /**
   * The effective config of {@code plugin}, defaults applied and sensitive values in clear (for the
   * plugin alone); empty when it cannot be read or its schema cannot be closed.
   */
  Optional<ObjectNode> effective(ValidatedPlugin plugin);
}
