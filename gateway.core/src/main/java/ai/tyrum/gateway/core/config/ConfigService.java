package ai.tyrum.gateway.core.config;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plugin configuration as operators read and write it (DESIGN section 3): every value the schema marks
 * {@code writeOnly} is masked; a write is validated whole against the plugin's closed schema and
 * refused with {@link ConfigException} ({@code invalid_config}, one detail per fault) changing nothing.
 */
public interface ConfigService {

  /** The effective config of plugin {@code id} (defaults applied), sensitive values masked. */
  JsonNode get(String id);

  /** The closed config schema of plugin {@code id}, with its {@code writeOnly} marks. */
  JsonNode schema(String id);

  /** Sets the value at {@code path} (a JSON pointer or a dotted path); {@code via} names the surface. */
  ConfigChange set(String id, String path, JsonNode value, String via);

  /** Removes the value at {@code path}, so that the schema's default (if any) applies again. */
  ConfigChange unset(String id, String path, String via);

  /**
   * Replaces the whole config. A sensitive value sent back as the mask it was read as keeps the value
   * stored, so a client can write back what it read.
   */
  ConfigChange replace(String id, ObjectNode config, String via);

  /** Replaces the whole config with JSON text ({@code what} names it in errors, such as a file name). */
  ConfigChange replace(String id, byte[] json, String what, String via);

  /** Every plugin's masked effective config, for status and exports; a broken one shows its error. */
  Map<String, Object> maskedConfigs();
}
